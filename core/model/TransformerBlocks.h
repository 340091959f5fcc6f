#pragma once

#include "core/model/Attention.h"
#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"
#include "core/model/LayerNorm.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace fr2r::core {

// Ports diffusers.models.activations.GEGLU: proj to twice the width, value * gelu(gate).
class GEGLUImpl : public torch::nn::Module
{
public:
    GEGLUImpl(int64_t dimIn, int64_t dimOut);
    at::Tensor forward(const at::Tensor& input); // [B, L, dimIn] -> [B, L, dimOut]

private:
    torch::nn::Linear m_proj{nullptr};
};
TORCH_MODULE(GEGLU);

// Ports diffusers.models.attention.FeedForward with activation_fn "geglu": net.0 (GEGLU), net.1 (dropout), net.2.
class FeedForwardImpl : public torch::nn::Module
{
public:
    FeedForwardImpl(int64_t dim, int64_t mult = 4);
    // [B, L, dim] -> [B, L, dim]. Without autograd, in chunks of tokens when the whole pass's temporaries (at SD 1.5's
    // full-resolution level, batch 3: 0.7 GiB in bf16) exceed the memory budget; every token is computed alone,
    // so the chunks change nothing but the memory.
    at::Tensor forward(const at::Tensor& input);

    void setMemoryBudget(int64_t bytes) { m_budgetBytes = bytes; } // 0: no bound, the default
    bool lastChunked() const { return m_lastChunkTokens < m_lastTokens; }
    // "feed-forward 3x12288 tokens: 4 chunks of 3072 tokens, 120.0 MiB temporaries (budget 512 MiB)"
    std::string describeLast() const;

private:
    int64_t bytesPerToken(const at::Tensor& input) const;

    int64_t m_budgetBytes = 0;
    int64_t m_lastBatch = 0;
    int64_t m_lastTokens = 0;
    int64_t m_lastChunkTokens = 0;
    int64_t m_lastBytesPerToken = 0;
    torch::nn::ModuleList m_net{nullptr};
    GEGLU m_geglu{nullptr};
    torch::nn::Linear m_out{nullptr};
};
TORCH_MODULE(FeedForward);

// setMemoryBudget on every FeedForward below root.
void setFeedForwardMemoryBudget(torch::nn::Module& root, int64_t bytes);
// describeLast() of every FeedForward below root whose last call ran in chunks.
std::vector<std::string> feedForwardPlans(torch::nn::Module& root);

// Ports diffusers.models.attention.BasicTransformerBlock (layer norms, self-attention attn1,
// cross-attention attn2, GEGLU feed-forward; each residual).
class BasicTransformerBlockImpl : public torch::nn::Module
{
public:
    BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dimHead, int64_t crossAttentionDim);
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& context); // [B, L, dim], [B, S, D] -> [B, L, dim]

private:
    LayerNorm m_norm1{nullptr};
    Attention m_attn1{nullptr};
    LayerNorm m_norm2{nullptr};
    Attention m_attn2{nullptr};
    LayerNorm m_norm3{nullptr};
    FeedForward m_ff{nullptr};
};
TORCH_MODULE(BasicTransformerBlock);

// diffusers.Transformer2DModel constructor arguments for continuous (latent feature map) input.
struct Transformer2DOptions
{
    int64_t channels = 0;
    int64_t heads = 8;
    int64_t crossAttentionDim = 768;
    int64_t layers = 1;
    int64_t normGroups = 32;
    bool useLinearProjection = false; // false: proj_in / proj_out are 1x1 convs (SD 1.x)
};

// Ports diffusers' Transformer2DModel: group norm, proj_in, transformer_blocks, proj_out, residual.
class Transformer2DModelImpl : public torch::nn::Module
{
public:
    explicit Transformer2DModelImpl(const Transformer2DOptions& options);
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& context); // [B, C, H, W], [B, S, D] -> [B, C, H, W]

private:
    Transformer2DOptions m_options;
    GroupNorm m_norm{nullptr};
    Conv2d m_projInConv{nullptr}; // one of the two pairs exists, as useLinearProjection says
    torch::nn::Linear m_projInLinear{nullptr};
    torch::nn::ModuleList m_transformerBlocks{nullptr};
    Conv2d m_projOutConv{nullptr};
    torch::nn::Linear m_projOutLinear{nullptr};
};
TORCH_MODULE(Transformer2DModel);

} // namespace fr2r::core
