#include "core/api/RigParams.h"

#include "core/api/Error.h"

#include <cmath>
#include <sstream>
#include <tuple>

namespace fr2r::core {

int RigParams::effectiveSteps() const
{
    // As diffusers: int(N * s) in double precision (N 7, s 0.7 gives 4).
    return static_cast<int>(static_cast<double>(steps) * strength);
}

int RigParams::controlledSteps() const
{
    const int k = effectiveSteps();
    if (compat == CompatMode::Release)
        return std::min(k, static_cast<int>(static_cast<double>(steps) * strength * gamma));
    return static_cast<int>(gamma * k + 1e-9);
}

void RigParams::validate() const
{
    auto fail = [](const std::string& message) { throw InvalidArgumentError(message); };
    if (steps < 1 || steps > 1000)
        fail("steps must be between 1 and 1000 (got " + std::to_string(steps) + ")");
    if (!(strength >= 0.0 && strength <= 1.0))
        fail("denoising strength must be between 0 and 1");
    if (!(gamma >= 0.0 && gamma <= 1.0))
        fail("the TAC ratio gamma must be between 0 and 1");
    if (!std::isfinite(guidance) || guidance < 0.0 || guidance > 50.0)
        fail("guidance must be between 0 and 50");
    if (workingSize < 64 || workingSize > 2048)
        fail("the working size must be between 64 and 2048 pixels");
    for (int level : tacLevels)
        if (level < 0 || level > 7)
            fail("TAC level " + std::to_string(level) + " does not exist (levels are 0 = finest to 3 for SD 1.5)");
}

bool RigParams::operator==(const RigParams& other) const
{
    return std::tie(steps, strength, gamma, guidance, tacLevels, tacBranches, compat, positivePrompt, sourcePrompt,
                    workingSize, restoreInputSize) ==
           std::tie(other.steps, other.strength, other.gamma, other.guidance, other.tacLevels, other.tacBranches,
                    other.compat, other.positivePrompt, other.sourcePrompt, other.workingSize,
                    other.restoreInputSize);
}

std::string toString(TacBranches branches)
{
    return branches == TacBranches::Both ? "both" : "positive";
}

std::string toString(CompatMode mode)
{
    return mode == CompatMode::Release ? "release" : "none";
}

} // namespace fr2r::core
