#pragma once

#include "core/api/StopCheck.h"
#include "core/model/AttentionPlan.h"

#include <ATen/core/Tensor.h>

namespace fr2r::core {

// softmax(q k^T / sqrt(d)) v on the CPU at the GEMM rate for long sequences. Each thread takes one (batch, head)
// slice and plan.queryRows query rows at a time: two GEMMs on contiguous per-head copies of q, k, v and the softmax
// between them on a score block that stays in its core's cache; scores never exist for all heads. bf16/fp16 GEMMs
// run in their type, the scaling and softmax in float32. Inference only: no autograd.
class BlockedAttention
{
public:
    // q [B, L, heads * d], k and v [B, S, heads * d] -> [B, L, heads * d]; stop is checked between blocks.
    static at::Tensor run(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                          const AttentionPlan& plan, const StopCheck& stop = {});
};

} // namespace fr2r::core
