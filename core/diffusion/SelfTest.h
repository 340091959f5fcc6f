// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace fr2r::core {

// What `--self-test` of both programs runs in the core: a tiny Stable-Diffusion-shaped model with random
// weights is written as a diffusers folder, loaded through the same path as a user's model (RigEngine::load)
// and run for one inversion and one generation step on the CPU. No LibTorch type appears here.
class SelfTest
{
public:
    // Writes the tiny model (model_index.json, unet/, vae/, text_encoder/, scheduler/) into `folder`, which
    // must exist. Its text encoder expects CLIP's full vocabulary, so the caller supplies the tokenizer.
    static void writeTinyModel(const std::string& folder);

    // Writes the model under `scratchFolder`, loads it with the shipped vocabulary and translates a 64x64
    // image. Returns a one-line summary; throws fr2r::Error (or std::exception) naming what failed.
    static std::string run(const std::string& scratchFolder, const std::string& vocabJson, const std::string& merges);
};

} // namespace fr2r::core
