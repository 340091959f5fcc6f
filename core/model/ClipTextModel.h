#pragma once

#include "core/io/ClipTextConfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace fr2r::core {

// What the text encoder returns for [B, L] token ids.
struct ClipTextOutput
{
    at::Tensor lastHiddenState;        // [B, L, hidden], after final_layer_norm
    at::Tensor penultimateHiddenState; // [B, L, hidden], second-to-last layer output ("clip skip 2")
};

// transformers.CLIPTextModel (text_model only, no pooler/projection). Parameter names are the
// diffusers text_encoder file's: embeddings.token_embedding.weight, encoder.layers.0.self_attn.q_proj.weight, ...
class ClipTextModelImpl : public torch::nn::Module
{
public:
    explicit ClipTextModelImpl(const ClipTextConfig& config); // throws ModelFormatError for an unknown hidden_act

    // inputIds: integer [B, L] with L <= max_position_embeddings; throws InvalidArgumentError otherwise.
    ClipTextOutput forward(const at::Tensor& inputIds);

    // Textual inversion: appends rows [n, hidden] to the token embedding table (cast to its dtype and
    // device) and returns the id of the first new row. Throws ModelFormatError on a width mismatch.
    int64_t appendTokenEmbeddings(const at::Tensor& vectors);

    int64_t numTokens() const { return m_tokenEmbedding->weight.size(0); }
    const ClipTextConfig& config() const { return m_config; }

private:
    ClipTextConfig m_config;
    torch::nn::Embedding m_tokenEmbedding{nullptr};
    torch::nn::Embedding m_positionEmbedding{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::LayerNorm m_finalLayerNorm{nullptr};
};

TORCH_MODULE(ClipTextModel);

} // namespace fr2r::core
