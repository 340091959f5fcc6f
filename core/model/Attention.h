#pragma once

#include "core/api/StopCheck.h"
#include "core/model/AttentionControl.h"
#include "core/model/AttentionPlan.h"
#include "core/model/GroupNorm.h"
#include "core/model/LowRankAdapter.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <array>
#include <memory>

namespace fr2r::core {

// diffusers.models.attention_processor.Attention constructor arguments we use.
struct AttentionOptions
{
    int64_t queryDim = 0;
    int64_t crossAttentionDim = 0; // 0: self-attention (keys and values from the input)
    int64_t heads = 8;
    int64_t dimHead = 64;
    bool bias = false;             // to_q / to_k / to_v bias (the VAE's mid-block attention has one)
    int64_t normNumGroups = 0;     // > 0: group_norm over channels first (VAE mid block)
    double normEps = 1e-6;
    bool residualConnection = false;
    double rescaleOutputFactor = 1.0;
};

// Ports diffusers' Attention with AttnProcessor2_0: to_q, to_k, to_v, to_out.0 (+ optional group_norm).
// Self-attention layers give an AttentionControl the projected queries and keys before the head split.
class AttentionImpl : public torch::nn::Module
{
public:
    enum class Projection { Query, Key, Value, Out }; // to_q, to_k, to_v, to_out.0

    explicit AttentionImpl(const AttentionOptions& options);

    // hidden: [B, L, C] or [B, C, H, W] (then the result has that shape too); context: [B, S, D] or undefined.
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& context = {});

    void setSite(const AttentionSite& site) { m_site = site; }
    const AttentionSite& site() const { return m_site; }
    void setControl(AttentionControl* control) { m_control = control; } // nullptr: off
    void setQueryChunkSize(int64_t queryChunk) { m_limits.queryChunk = queryChunk; } // 0: as the budget allows
    void setMemoryBudget(int64_t bytes) { m_limits.budgetBytes = bytes; }           // 0: no bound
    // What the last forward() decided (kernel, query rows at once, score bytes), for the engine's log.
    const AttentionPlan& lastPlan() const { return m_lastPlan; }
    // Called between blocks of queries: at large sizes one attention takes seconds.
    void setStopCheck(StopCheck check) { m_stopCheck = std::move(check); }
    // A side path added to the projection's output (training's LoRA); nullptr removes it. Without one the
    // projection is the plain Linear, as inference runs it.
    void setAdapter(Projection projection, std::shared_ptr<const LowRankAdapter> adapter);
    std::shared_ptr<torch::nn::LinearImpl> projection(Projection projection);

    // softmax(q k^T / sqrt(d)) v per head, for [B, L, heads * d] q and [B, S, heads * d] k, v; mask is
    // additive and broadcastable to [B, heads, L, S] (or undefined). Queries are processed in blocks within
    // limits (AttentionPlan); the plan taken is stored in *decided when given. Returns [B, L, heads * d].
    // Every attention in the models uses it. stop is called between blocks of queries.
    static at::Tensor multiHeadAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                                         const at::Tensor& mask = {}, const AttentionLimits& limits = {},
                                         const StopCheck& stop = {}, AttentionPlan* decided = nullptr);

private:
    at::Tensor project(Projection projection, const at::Tensor& x);
    static at::Tensor libraryAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                                       const at::Tensor& mask, int64_t queryRows, const StopCheck& stop);

    AttentionOptions m_options;
    AttentionSite m_site;
    AttentionControl* m_control = nullptr;
    AttentionLimits m_limits;
    AttentionPlan m_lastPlan;
    StopCheck m_stopCheck;
    GroupNorm m_groupNorm{nullptr};
    torch::nn::Linear m_toQ{nullptr};
    torch::nn::Linear m_toK{nullptr};
    torch::nn::Linear m_toV{nullptr};
    torch::nn::ModuleList m_toOut{nullptr}; // [Linear, Dropout] as diffusers names it: to_out.0
    std::array<std::shared_ptr<const LowRankAdapter>, 4> m_adapters; // by Projection
};
TORCH_MODULE(Attention);

// setQueryChunkSize on every Attention below root.
void setQueryChunkSize(torch::nn::Module& root, int64_t queryChunk);
// setMemoryBudget on every Attention below root.
void setAttentionMemoryBudget(torch::nn::Module& root, int64_t bytes);
// The last plan of every Attention below root that has run, in module order (for the log).
std::vector<AttentionPlan> attentionPlans(torch::nn::Module& root);
// setStopCheck on every Attention below root.
void setAttentionStopCheck(torch::nn::Module& root, const StopCheck& check);

} // namespace fr2r::core
