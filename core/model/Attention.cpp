#include "core/model/Attention.h"

#include "core/TorchCompat.h"

#include <torch/nn/modules/dropout.h>

#include <algorithm>
#include <cmath>

namespace fr2r::core {

AttentionImpl::AttentionImpl(const AttentionOptions& options)
    : m_options(options)
{
    const int64_t inner = options.heads * options.dimHead;
    const int64_t contextDim = options.crossAttentionDim > 0 ? options.crossAttentionDim : options.queryDim;
    m_site.isSelfAttention = options.crossAttentionDim <= 0;
    if (options.normNumGroups > 0)
        m_groupNorm = register_module(
            "group_norm",
            GroupNorm(options.normNumGroups, options.queryDim, options.normEps));
    m_toQ = register_module("to_q", torch::nn::Linear(torch::nn::LinearOptions(options.queryDim, inner).bias(options.bias)));
    m_toK = register_module("to_k", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(options.bias)));
    m_toV = register_module("to_v", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(options.bias)));
    m_toOut = register_module("to_out", torch::nn::ModuleList(torch::nn::Linear(inner, options.queryDim),
                                                              torch::nn::Dropout(0.0)));
}

at::Tensor AttentionImpl::forward(const at::Tensor& hidden, const at::Tensor& context)
{
    const bool spatial = hidden.dim() == 4;
    at::Tensor x = hidden;
    if (spatial)
        x = hidden.flatten(2).transpose(1, 2); // [B, HW, C]
    if (m_groupNorm)
        x = m_groupNorm(x.transpose(1, 2)).transpose(1, 2); // [B, L, C]

    at::Tensor query = m_toQ(x);                  // [B, L, inner]
    const at::Tensor& source = context.defined() ? context : x;
    at::Tensor key = m_toK(source);               // [B, S, inner]
    at::Tensor value = m_toV(source);             // [B, S, inner]
    if (m_control && m_site.isSelfAttention)
        m_control->adjustQueryKey(m_site, query, key);

    at::Tensor out = multiHeadAttention(query, key, value, m_options.heads, {}, m_queryChunk,
                                        m_stopCheck); // [B, L, inner]
    out = m_toOut[0]->as<torch::nn::Linear>()->forward(out);                                    // [B, L, C]
    if (spatial)
        out = out.transpose(1, 2).reshape(hidden.sizes()); // [B, C, H, W]
    if (m_options.residualConnection)
        out = out + hidden;
    if (m_options.rescaleOutputFactor != 1.0)
        out = out / m_options.rescaleOutputFactor;
    return out;
}

at::Tensor AttentionImpl::multiHeadAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                             int64_t heads, const at::Tensor& mask, int64_t queryChunk,
                                             const StopCheck& stop)
{
    if (q.is_cpu() && !mask.defined() && !compat::kFusedCpuAttention && !at::GradMode::is_enabled()) // bmm_out: no autograd
        return headwiseAttention(q, k, v, heads, stop);
    const int64_t batch = q.size(0);
    const int64_t queries = q.size(1);
    const int64_t dimHead = q.size(2) / heads;
    const auto split = [&](const at::Tensor& t) { return t.view({batch, t.size(1), heads, dimHead}).transpose(1, 2); };
    const at::Tensor qh = split(q); // [B, heads, L, d]
    const at::Tensor kh = split(k); // [B, heads, S, d]
    const at::Tensor vh = split(v); // [B, heads, S, d]
    at::Tensor out;
    if (queryChunk <= 0 || queryChunk >= queries) {
        out = compat::scaledDotProductAttention(qh, kh, vh, mask); // [B, heads, L, d]
    } else {
        std::vector<at::Tensor> parts;
        for (int64_t start = 0; start < queries; start += queryChunk) {
            checkStop(stop);
            const int64_t length = std::min(queryChunk, queries - start);
            const at::Tensor chunkMask =
                mask.defined() && mask.size(-2) == queries ? mask.narrow(-2, start, length) : mask;
            parts.push_back(compat::scaledDotProductAttention(qh.narrow(2, start, length), kh, vh, chunkMask));
        }
        out = at::cat(parts, 2); // [B, heads, L, d]
    }
    return out.transpose(1, 2).reshape({batch, queries, heads * dimHead}); // [B, L, inner]
}

// LibTorch 1.13's CPU attention materialises the scores of all heads at once (100 MB for three 32x32 latents),
// so every pass over them goes to memory; one block of (batch, head) slices and query rows at a time keeps
// them in cache and runs twice as fast here. Bounds memory by itself: no query chunk needed.
at::Tensor AttentionImpl::headwiseAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                            int64_t heads, const StopCheck& stop)
{
    constexpr int64_t kScoreBudgetBytes = 4 << 20;
    const int64_t batch = q.size(0), queries = q.size(1), keys = k.size(1), dimHead = q.size(2) / heads;
    const auto split = [&](const at::Tensor& t) {
        return t.view({batch, t.size(1), heads, dimHead}).transpose(1, 2).reshape({batch * heads, t.size(1), dimHead});
    };
    const at::Tensor qh = split(q);                  // [B*heads, L, d]
    const at::Tensor keysT = split(k).transpose(1, 2); // [B*heads, d, S]
    const at::Tensor vh = split(v);                  // [B*heads, S, d]
    at::Tensor out = at::empty_like(qh);             // every element is written by bmm_out below
    const int64_t rowBytes = keys * q.element_size();
    const int64_t rowsPerBlock = std::clamp<int64_t>(kScoreBudgetBytes / rowBytes, 1, queries);
    const int64_t slicesPerBlock = rowsPerBlock < queries ? 1 : std::max<int64_t>(1, kScoreBudgetBytes / (rowBytes * queries));
    const double scale = 1.0 / std::sqrt(static_cast<double>(dimHead));
    for (int64_t slice = 0; slice < batch * heads; slice += slicesPerBlock) {
        const int64_t slices = std::min(slicesPerBlock, batch * heads - slice);
        for (int64_t row = 0; row < queries; row += rowsPerBlock) {
            checkStop(stop);
            const int64_t rows = std::min(rowsPerBlock, queries - row);
            at::Tensor scores = at::bmm(qh.narrow(0, slice, slices).narrow(1, row, rows), keysT.narrow(0, slice, slices));
            scores.mul_(scale);
            at::Tensor target = out.narrow(0, slice, slices).narrow(1, row, rows);
            at::bmm_out(target, at::softmax(scores, -1), vh.narrow(0, slice, slices));
        }
    }
    return out.view({batch, heads, queries, dimHead}).transpose(1, 2).reshape({batch, queries, heads * dimHead});
}

void setQueryChunkSize(torch::nn::Module& root, int64_t queryChunk)
{
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setQueryChunkSize(queryChunk);
}

void setAttentionStopCheck(torch::nn::Module& root, const StopCheck& check)
{
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setStopCheck(check);
}

} // namespace fr2r::core
