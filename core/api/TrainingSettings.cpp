#include "core/api/TrainingSettings.h"

#include "core/api/Error.h"

#include <nlohmann/json.hpp>

namespace fr2r::core {

nlohmann::json TrainingSettings::toJson() const
{
    return {{"stage", stage == TrainingStage::Lora ? "lora" : "embedding"},
            {"steps", steps},
            {"batch_size", batchSize},
            {"gradient_accumulation", gradientAccumulation},
            {"learning_rate", learningRate},
            {"warmup_steps", warmupSteps},
            {"weight_decay", weightDecay},
            {"rank", rank},
            {"alpha", alpha},
            {"vectors", vectors},
            {"placeholder_token", placeholderToken},
            {"initializer_token", initializerToken},
            {"resolution", resolution},
            {"seed", seed},
            {"checkpoint_every", checkpointEvery},
            {"gradient_checkpointing", gradientCheckpointing},
            {"cache_latents", cacheLatents}};
}

TrainingSettings TrainingSettings::fromJson(const nlohmann::json& json)
{
    TrainingSettings settings;
    try {
        settings.stage = json.at("stage").get<std::string>() == "lora" ? TrainingStage::Lora : TrainingStage::Embedding;
        json.at("steps").get_to(settings.steps);
        json.at("batch_size").get_to(settings.batchSize);
        json.at("gradient_accumulation").get_to(settings.gradientAccumulation);
        json.at("learning_rate").get_to(settings.learningRate);
        json.at("warmup_steps").get_to(settings.warmupSteps);
        json.at("weight_decay").get_to(settings.weightDecay);
        json.at("rank").get_to(settings.rank);
        json.at("alpha").get_to(settings.alpha);
        json.at("vectors").get_to(settings.vectors);
        json.at("placeholder_token").get_to(settings.placeholderToken);
        json.at("initializer_token").get_to(settings.initializerToken);
        json.at("resolution").get_to(settings.resolution);
        json.at("seed").get_to(settings.seed);
        json.at("checkpoint_every").get_to(settings.checkpointEvery);
        // Absent from settings written before they existed.
        settings.gradientCheckpointing = json.value("gradient_checkpointing", settings.gradientCheckpointing);
        settings.cacheLatents = json.value("cache_latents", settings.cacheLatents);
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError(std::string("training settings: ") + error.what());
    }
    return settings;
}

void TrainingSettings::validate() const
{
    const auto require = [](bool ok, const std::string& what) {
        if (!ok)
            throw InvalidArgumentError("training settings: " + what);
    };
    require(steps >= 1, "steps must be at least 1");
    require(batchSize >= 1 && gradientAccumulation >= 1, "batch size and gradient accumulation must be at least 1");
    require(learningRate > 0.0 && warmupSteps >= 0 && weightDecay >= 0.0, "learning rate must be positive, warm-up "
                                                                          "and weight decay not negative");
    require(rank >= 1 && alpha > 0.0, "LoRA rank must be at least 1 and alpha positive");
    require(vectors >= 1 && !placeholderToken.empty(), "textual inversion needs a token name and at least one vector");
    require(resolution >= 8 && resolution % 8 == 0, "the resolution must be a multiple of 8");
    require(checkpointEvery >= 1, "checkpoints must come every 1 or more steps");
}

} // namespace fr2r::core
