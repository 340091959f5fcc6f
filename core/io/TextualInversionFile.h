#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

namespace fr2r::core {

// A learned textual-inversion embedding: one token standing for n vectors of the text width.
struct TextualInversion
{
    std::string token;  // "<rendered>"
    at::Tensor vectors; // [n, dim], float32

    // The token ids' names as diffusers expands a multi-vector token: "tok tok_1 ... tok_{n-1}".
    std::vector<std::string> expandedTokens() const;
    // prompt with every whole occurrence of token replaced by its expansion.
    std::string expandPrompt(const std::string& prompt) const;
};

// Reads diffusers' learned_embeds.safetensors ({token: [n, dim] or [dim]}) or A1111's safetensors
// layout (emb_params: [n, dim], token named after the file). Pickled files (.pt, .ckpt, .bin) are
// refused: model files must never execute code. Throws ModelFormatError.
TextualInversion loadTextualInversion(const std::string& path);

} // namespace fr2r::core
