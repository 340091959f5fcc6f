#include "core/model/Attention.h"

#include "core/TorchCompat.h"
#include "core/model/BlockedAttention.h"
#include "core/model/GradientCheckpoint.h"

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

    at::Tensor query = project(Projection::Query, x); // [B, L, inner]
    const at::Tensor& source = context.defined() ? context : x;
    at::Tensor key = project(Projection::Key, source);     // [B, S, inner]
    at::Tensor value = project(Projection::Value, source); // [B, S, inner]
    if (m_control && m_site.isSelfAttention)
        m_control->adjustQueryKey(m_site, query, key);

    at::Tensor out = multiHeadAttention(query, key, value, m_options.heads, {}, m_limits, m_stopCheck,
                                        &m_lastPlan); // [B, L, inner]
    out = project(Projection::Out, out); // [B, L, C]
    if (spatial)
        out = out.transpose(1, 2).reshape(hidden.sizes()); // [B, C, H, W]
    if (m_options.residualConnection)
        out = out + hidden;
    if (m_options.rescaleOutputFactor != 1.0)
        out = out / m_options.rescaleOutputFactor;
    return out;
}

void AttentionImpl::setAdapter(Projection projection, std::shared_ptr<const LowRankAdapter> adapter)
{
    m_adapters[static_cast<size_t>(projection)] = std::move(adapter);
}

std::shared_ptr<torch::nn::LinearImpl> AttentionImpl::projection(Projection projection)
{
    switch (projection) {
    case Projection::Query: return m_toQ.ptr();
    case Projection::Key: return m_toK.ptr();
    case Projection::Value: return m_toV.ptr();
    case Projection::Out: break;
    }
    return m_toOut->ptr<torch::nn::LinearImpl>(0);
}

at::Tensor AttentionImpl::project(Projection which, const at::Tensor& x)
{
    const at::Tensor base = projection(which)->forward(x);
    const auto& adapter = m_adapters[static_cast<size_t>(which)];
    return adapter ? adapter->addTo(base, x) : base;
}

at::Tensor AttentionImpl::multiHeadAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                             int64_t heads, const at::Tensor& mask, const AttentionLimits& limits,
                                             const StopCheck& stop, AttentionPlan* decided)
{
    using Kernel = AttentionPlan::Kernel;
    // Training (LoRA, textual inversion): the blocked kernel writes into buffers, which autograd cannot follow.
    // A gradient checkpoint's forward runs without gradients but must compute what its recomputation differentiates.
    const bool autograd = GradientCheckpoint::active() ||
        (at::GradMode::is_enabled() && (q.requires_grad() || k.requires_grad() || v.requires_grad()));
    // LibTorch 2.x has fused CPU attention of its own; 1.13 materialises every head's scores.
    const bool blocked = q.is_cpu() && !mask.defined() && !compat::kFusedCpuAttention;
    const Kernel kernel = autograd ? Kernel::Autograd : blocked ? Kernel::Blocked : Kernel::Library;
    const AttentionPlan plan =
        AttentionPlan::choose(kernel, q.size(0), heads, q.size(1), k.size(1), q.element_size(), limits);
    if (decided)
        *decided = plan;
    if (kernel == Kernel::Blocked)
        return BlockedAttention::run(q, k, v, heads, plan, stop);
    return libraryAttention(q, k, v, heads, mask, plan.queryRows, stop);
}

// LibTorch's (differentiable) attention on [B, heads, rows, d] chunks of queryRows queries.
at::Tensor AttentionImpl::libraryAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                           int64_t heads, const at::Tensor& mask, int64_t queryRows,
                                           const StopCheck& stop)
{
    const int64_t batch = q.size(0);
    const int64_t queries = q.size(1);
    const int64_t dimHead = q.size(2) / heads;
    const auto split = [&](const at::Tensor& t) { return t.view({batch, t.size(1), heads, dimHead}).transpose(1, 2); };
    const at::Tensor qh = split(q); // [B, heads, L, d]
    const at::Tensor kh = split(k); // [B, heads, S, d]
    const at::Tensor vh = split(v); // [B, heads, S, d]
    at::Tensor out;
    if (queryRows >= queries) {
        out = compat::scaledDotProductAttention(qh, kh, vh, mask); // [B, heads, L, d]
    } else {
        std::vector<at::Tensor> parts;
        for (int64_t start = 0; start < queries; start += queryRows) {
            checkStop(stop);
            const int64_t length = std::min(queryRows, queries - start);
            const at::Tensor chunkMask =
                mask.defined() && mask.size(-2) == queries ? mask.narrow(-2, start, length) : mask;
            parts.push_back(compat::scaledDotProductAttention(qh.narrow(2, start, length), kh, vh, chunkMask));
        }
        out = at::cat(parts, 2); // [B, heads, L, d]
    }
    return out.transpose(1, 2).reshape({batch, queries, heads * dimHead}); // [B, L, inner]
}

void setQueryChunkSize(torch::nn::Module& root, int64_t queryChunk)
{
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setQueryChunkSize(queryChunk);
}

void setAttentionMemoryBudget(torch::nn::Module& root, int64_t bytes)
{
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setMemoryBudget(bytes);
}

std::vector<AttentionPlan> attentionPlans(torch::nn::Module& root)
{
    std::vector<AttentionPlan> plans;
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module); attention && attention->lastPlan().queries > 0)
            plans.push_back(attention->lastPlan());
    return plans;
}

void setAttentionStopCheck(torch::nn::Module& root, const StopCheck& check)
{
    for (const auto& module : root.modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setStopCheck(check);
}

} // namespace fr2r::core
