#include "core/model/TransformerBlocks.h"

#include "core/model/BudgetSplit.h"
#include "core/model/ReducedPrecision.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/dropout.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace fr2r::core {

GEGLUImpl::GEGLUImpl(int64_t dimIn, int64_t dimOut)
{
    m_proj = register_module("proj", torch::nn::Linear(dimIn, dimOut * 2));
}

at::Tensor GEGLUImpl::forward(const at::Tensor& input)
{
    const auto parts = m_proj(input).chunk(2, -1); // 2 x [B, L, dimOut]
    return parts[0] * inFloat32(parts[1], [](const at::Tensor& x) { return at::gelu(x); }); // [B, L, dimOut]
}

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t mult)
{
    m_geglu = GEGLU(dim, dim * mult);
    m_out = torch::nn::Linear(dim * mult, dim);
    m_net = register_module("net", torch::nn::ModuleList(m_geglu, torch::nn::Dropout(0.0), m_out));
}

at::Tensor FeedForwardImpl::forward(const at::Tensor& input)
{
    m_lastBatch = input.size(0);
    m_lastTokens = input.size(1);
    m_lastBytesPerToken = bytesPerToken(input);
    const bool bounded = m_budgetBytes > 0 && !at::GradMode::is_enabled();
    m_lastChunkTokens =
        bounded ? unitsWithinBudget(m_budgetBytes, m_lastBytesPerToken, m_lastTokens) : m_lastTokens;
    if (!lastChunked())
        return m_out(m_geglu(input)); // [B, L, dim]
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < m_lastTokens; start += m_lastChunkTokens)
        parts.push_back(m_out(m_geglu(input.narrow(1, start, std::min(m_lastChunkTokens, m_lastTokens - start)))));
    return at::cat(parts, 1); // [B, L, dim]
}

// Per token of the whole batch: the projection's two halves in the input's type, the gate's float32 island for
// reduced precision (its copy and GELU), the GELU back in the input's type and the product.
int64_t FeedForwardImpl::bytesPerToken(const at::Tensor& input) const
{
    const int64_t inner = m_out->options.in_features(), element = input.element_size();
    return input.size(0) * inner * (4 * element + (element < 4 ? 8 : 0));
}

std::string FeedForwardImpl::describeLast() const
{
    const int64_t chunks = (m_lastTokens + m_lastChunkTokens - 1) / std::max<int64_t>(1, m_lastChunkTokens);
    char text[160];
    std::snprintf(text, sizeof text, "feed-forward %lldx%lld tokens: %lld chunks of %lld tokens, %.1f MiB temporaries "
                                     "(budget %.0f MiB)",
                  static_cast<long long>(m_lastBatch), static_cast<long long>(m_lastTokens),
                  static_cast<long long>(chunks), static_cast<long long>(m_lastChunkTokens),
                  m_lastChunkTokens * m_lastBytesPerToken / 1048576.0, m_budgetBytes / 1048576.0);
    return text;
}

void setFeedForwardMemoryBudget(torch::nn::Module& root, int64_t bytes)
{
    for (const auto& module : root.modules(false))
        if (auto feedForward = std::dynamic_pointer_cast<FeedForwardImpl>(module))
            feedForward->setMemoryBudget(bytes);
}

BasicTransformerBlockImpl::BasicTransformerBlockImpl(int64_t dim, int64_t heads, int64_t dimHead,
                                                     int64_t crossAttentionDim)
{
    const auto norm = [dim] { return LayerNorm(dim, 1e-5); };
    AttentionOptions self;
    self.queryDim = dim;
    self.heads = heads;
    self.dimHead = dimHead;
    AttentionOptions cross = self;
    cross.crossAttentionDim = crossAttentionDim;
    m_norm1 = register_module("norm1", norm());
    m_attn1 = register_module("attn1", Attention(self));
    m_norm2 = register_module("norm2", norm());
    m_attn2 = register_module("attn2", Attention(cross));
    m_norm3 = register_module("norm3", norm());
    m_ff = register_module("ff", FeedForward(dim));
}

at::Tensor BasicTransformerBlockImpl::forward(const at::Tensor& hidden, const at::Tensor& context)
{
    at::Tensor h = m_attn1(m_norm1(hidden)) + hidden; // [B, L, dim]
    h = m_attn2(m_norm2(h), context) + h;             // [B, L, dim]
    return m_ff(m_norm3(h)) + h;                      // [B, L, dim]
}

Transformer2DModelImpl::Transformer2DModelImpl(const Transformer2DOptions& options)
    : m_options(options)
{
    const int64_t channels = options.channels;
    m_norm = register_module(
        "norm", GroupNorm(options.normGroups, channels, 1e-6));
    if (options.useLinearProjection)
        m_projInLinear = register_module("proj_in", torch::nn::Linear(channels, channels));
    else
        m_projInConv = register_module("proj_in", Conv2d(torch::nn::Conv2dOptions(channels, channels, 1)));
    m_transformerBlocks = register_module("transformer_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < options.layers; ++i)
        m_transformerBlocks->push_back(
            BasicTransformerBlock(channels, options.heads, channels / options.heads, options.crossAttentionDim));
    if (options.useLinearProjection)
        m_projOutLinear = register_module("proj_out", torch::nn::Linear(channels, channels));
    else
        m_projOutConv = register_module("proj_out", Conv2d(torch::nn::Conv2dOptions(channels, channels, 1)));
}

at::Tensor Transformer2DModelImpl::forward(const at::Tensor& hidden, const at::Tensor& context)
{
    const int64_t batch = hidden.size(0);
    const int64_t channels = hidden.size(1);
    const int64_t height = hidden.size(2);
    const int64_t width = hidden.size(3);
    at::Tensor h = m_norm(hidden); // [B, C, H, W]
    if (m_projInConv)
        h = m_projInConv(h).permute({0, 2, 3, 1}).reshape({batch, height * width, channels}); // [B, HW, C]
    else
        h = m_projInLinear(h.permute({0, 2, 3, 1}).reshape({batch, height * width, channels})); // [B, HW, C]
    for (const auto& block : *m_transformerBlocks)
        h = block->as<BasicTransformerBlockImpl>()->forward(h, context); // [B, HW, C]
    if (m_projOutConv)
        h = m_projOutConv(h.reshape({batch, height, width, channels}).permute({0, 3, 1, 2})); // [B, C, H, W]
    else
        h = m_projOutLinear(h).reshape({batch, height, width, channels}).permute({0, 3, 1, 2}); // [B, C, H, W]
    // hidden first: the sum takes its memory format, not the permuted one of h. A channels-last activation
    // would make every later convolution with contiguous weights copy its weights on each call.
    return hidden + h;
}

std::vector<std::string> feedForwardPlans(torch::nn::Module& root)
{
    std::vector<std::string> plans;
    for (const auto& module : root.modules(false))
        if (auto feedForward = std::dynamic_pointer_cast<FeedForwardImpl>(module); feedForward && feedForward->lastChunked())
            plans.push_back(feedForward->describeLast());
    return plans;
}

} // namespace fr2r::core
