#pragma once

#include "core/io/ComponentWeights.h"
#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/UNetConfig.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace fr2r::core {

// An SD 1.x model found on disk: configs plus the (not yet loaded) weights of its three
// components under diffusers names, whichever layout it came in.
struct Checkpoint
{
    std::string path;
    bool singleFile = false;
    UNetConfig unet;
    AutoencoderConfig vae;
    ClipTextConfig text;
    nlohmann::json schedulerConfig = nlohmann::json::object(); // empty object for single files
    std::string tokenizerDir;                                   // empty for single files
    ComponentWeights unetWeights{"unet"};
    ComponentWeights vaeWeights{"vae"};
    ComponentWeights textWeights{"text_encoder"};
    // Tensors that belong to no component and were skipped: everything outside model.diffusion_model.,
    // first_stage_model. and cond_stage_model. (model_ema.*, LDM's alphas_cumprod, ...) plus
    // position_ids buffers. Any other unmapped tensor inside a component is an error.
    std::vector<std::string> ignoredKeys;
};

// Opens a diffusers folder (model_index.json, unet/ vae/ text_encoder/ with config.json and
// .safetensors weights) or a single SD 1.x .safetensors file. Pickle formats (.ckpt, .pt, .bin)
// are refused because loading them can execute code. Throws ModelFormatError naming the file.
Checkpoint openCheckpoint(const std::string& path);

} // namespace fr2r::core
