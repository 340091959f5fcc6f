#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::core {

// Which generated branches take the source branch's queries and keys under TAC.
enum class TacBranches { Positive, Both };

// "release" reproduces the authors' published script: descending inversion order and
// controlled steps counted as int(N * s * gamma).
enum class CompatMode { None, Release };

// Everything that decides one Realistic Image Generation run; defaults are the authors'.
struct RigParams
{
    int steps = 50;         // N
    double strength = 0.3;  // s: K = int(N * s) steps are inverted and regenerated
    double gamma = 0.9;     // TAC ratio: the first int(gamma * K) steps are controlled
    double guidance = 7.5;  // w
    std::vector<int> tacLevels{0, 1};
    TacBranches tacBranches = TacBranches::Positive;
    CompatMode compat = CompatMode::None;
    std::string positivePrompt;
    std::string sourcePrompt;
    int workingSize = 1024;          // long side in pixels, 64..2048; the other side keeps the aspect (WorkingSize)
    bool restoreInputSize = false;   // scale the result back to the input's size

    int effectiveSteps() const;      // K
    int controlledSteps() const;     // steps under TAC
    void validate() const;           // throws InvalidArgumentError with a user-readable message

    bool operator==(const RigParams& other) const;
    bool operator!=(const RigParams& other) const { return !(*this == other); }
};

std::string toString(TacBranches branches);
std::string toString(CompatMode mode);

} // namespace fr2r::core
