#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace fr2r::core {

enum class TrainingStage { Lora, Embedding };

// Settings of one DKI stage: target (LoRA on the UNet's attention projections) or source (textual inversion
// of the rendered-domain token). Defaults follow diffusers' LoRA and textual-inversion scripts.
struct TrainingSettings
{
    TrainingStage stage = TrainingStage::Lora;
    int64_t steps = 1000;
    int64_t batchSize = 1;
    int64_t gradientAccumulation = 1; // micro-batches per optimizer step
    double learningRate = 1e-4;
    int64_t warmupSteps = 0;          // linear warm-up to learningRate, then constant
    double weightDecay = 1e-2;        // AdamW
    int64_t rank = 4;                 // LoRA
    double alpha = 4.0;
    int64_t vectors = 2;              // textual inversion
    std::string placeholderToken = "<rendered>";
    std::string initializerToken = "render";
    int64_t resolution = 512;
    uint64_t seed = 0;
    int64_t checkpointEvery = 100;    // steps; a checkpoint is also written at the end
    bool gradientCheckpointing = false; // recompute the UNet's blocks in backward: less memory, about a third slower
    bool cacheLatents = true;         // encode each image (and its flip) once; the VAE is frozen

    nlohmann::json toJson() const;
    static TrainingSettings fromJson(const nlohmann::json& json); // throws ModelFormatError on a wrong type
    void validate() const;                                        // throws InvalidArgumentError
};

} // namespace fr2r::core
