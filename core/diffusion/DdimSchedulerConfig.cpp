#include "core/diffusion/DdimSchedulerConfig.h"

#include "core/api/Error.h"

#include <nlohmann/json.hpp>

namespace fr2r::core {
namespace {

constexpr int64_t kMaxTrainTimesteps = 100000; // SD uses 1000; the schedule tables are this long

} // namespace

DdimSchedulerConfig DdimSchedulerConfig::sd15()
{
    return {};
}

DdimSchedulerConfig DdimSchedulerConfig::fromJson(const nlohmann::json& json)
{
    if (!json.is_object())
        throw ModelFormatError("scheduler_config.json: expected a JSON object");
    DdimSchedulerConfig config;
    try {
        config.numTrainTimesteps = json.value("num_train_timesteps", int64_t(1000));
        config.betaStart = json.value("beta_start", 0.0001);
        config.betaEnd = json.value("beta_end", 0.02);
        config.betaSchedule = json.value("beta_schedule", std::string("linear"));
        config.stepsOffset = json.value("steps_offset", int64_t(0));
        config.setAlphaToOne = json.value("set_alpha_to_one", true);
        config.timestepSpacing = json.value("timestep_spacing", std::string("leading"));
        config.predictionType = json.value("prediction_type", std::string("epsilon"));
    } catch (const nlohmann::json::exception& e) {
        throw ModelFormatError(std::string("scheduler_config.json: a key has the wrong type (") + e.what() + ")");
    }
    // Features that would change the numbers but are not implemented here.
    for (const char* key : {"clip_sample", "thresholding", "rescale_betas_zero_snr"}) {
        if (json.contains(key) && json[key].is_boolean() && json[key].get<bool>())
            throw InvalidArgumentError(std::string("scheduler_config.json: \"") + key
                                       + "\" true is not supported; set it to false");
    }
    if (json.contains("trained_betas") && !json["trained_betas"].is_null())
        throw InvalidArgumentError("scheduler_config.json: \"trained_betas\" is not supported; use a beta_schedule");
    config.validate();
    return config;
}

void DdimSchedulerConfig::validate() const
{
    if (numTrainTimesteps < 1 || numTrainTimesteps > kMaxTrainTimesteps)
        throw InvalidArgumentError("scheduler: num_train_timesteps = " + std::to_string(numTrainTimesteps)
                                   + " is out of range (1.." + std::to_string(kMaxTrainTimesteps) + ")");
    if (!(betaStart > 0.0 && betaStart <= betaEnd && betaEnd < 1.0))
        throw InvalidArgumentError("scheduler: beta_start and beta_end must satisfy 0 < start <= end < 1");
    if (betaSchedule != "linear" && betaSchedule != "scaled_linear")
        throw InvalidArgumentError("scheduler: beta_schedule \"" + betaSchedule
                                   + "\" is not supported; use \"linear\" or \"scaled_linear\"");
    if (timestepSpacing != "leading" && timestepSpacing != "trailing" && timestepSpacing != "linspace")
        throw InvalidArgumentError("scheduler: timestep_spacing \"" + timestepSpacing
                                   + "\" is not supported; use \"leading\", \"trailing\" or \"linspace\"");
    if (predictionType != "epsilon")
        throw InvalidArgumentError("scheduler: prediction_type \"" + predictionType
                                   + "\" is not supported; only \"epsilon\" models can be used");
    if (stepsOffset < 0 || stepsOffset >= numTrainTimesteps)
        throw InvalidArgumentError("scheduler: steps_offset must lie in [0, num_train_timesteps)");
}

} // namespace fr2r::core
