#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace fr2r::core {

// The DDIMScheduler settings of a diffusers scheduler_config.json that this core supports.
// Member defaults are Stable Diffusion 1.5's.
struct DdimSchedulerConfig
{
    int64_t numTrainTimesteps = 1000;
    double betaStart = 0.00085;
    double betaEnd = 0.012;
    std::string betaSchedule = "scaled_linear"; // "linear" or "scaled_linear"
    int64_t stepsOffset = 1;
    bool setAlphaToOne = false;
    std::string timestepSpacing = "leading"; // "leading", "trailing" or "linspace"
    std::string predictionType = "epsilon";

    static DdimSchedulerConfig sd15();
    // Absent keys take diffusers' DDIMScheduler defaults; unsupported settings raise
    // InvalidArgumentError, keys of the wrong type ModelFormatError.
    static DdimSchedulerConfig fromJson(const nlohmann::json& json);

    void validate() const;
};

} // namespace fr2r::core
