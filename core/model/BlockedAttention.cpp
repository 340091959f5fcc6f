#include "core/model/BlockedAttention.h"

#include "core/model/ScaledSoftmax.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace fr2r::core {
namespace {

// One thread's score block in the inputs' type, and the float32 row its softmax works in.
struct ScoreBlock
{
    ScoreBlock(int64_t rows, int64_t keys, at::ScalarType type)
        // Zeros, not empty: LibTorch 1.13's mm_out goes through addmm with beta 0, which may read it.
        : scores(at::zeros({rows, keys}, at::TensorOptions().dtype(type)))
        , softmax(keys)
    {
    }
    at::Tensor scores; // [rows, S]
    ScaledSoftmax softmax;
};

// stop, from the caller's thread (the check need not be thread-safe); when it throws, the other threads find
// no block left.
void stopOthersIfStopped(const StopCheck& stop, std::atomic<int64_t>& next, int64_t tasks)
{
    try {
        checkStop(stop);
    } catch (...) {
        next = tasks;
        throw;
    }
}

// One block: q rows [rows, d'], keys [S, d'], values [S, d] -> out [rows, d], all contiguous.
void attendBlock(ScoreBlock& block, const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, at::Tensor out,
                 double scale)
{
    at::Tensor scores = block.scores.narrow(0, 0, q.size(0)); // [rows, S]
    at::mm_out(scores, q, k.t());
    block.softmax.apply(scores, scale); // scaled in float32, before the exponent
    at::mm_out(out, scores, v);
}

// oneDNN's bf16/fp16 GEMM runs its fast (AMX) kernels only when the reduced dimension is a multiple of 32:
// SD 1.5's 40-wide heads are 10x slower than 64-wide ones. Zero columns leave q k^T exactly as it is.
int64_t paddedHeadDim(int64_t dimHead, at::ScalarType type)
{
    return type == at::kFloat || type == at::kDouble ? dimHead : (dimHead + 31) / 32 * 32;
}

// [B, n, heads * d] -> [B * heads, n, width] contiguous, zero columns after d: the GEMMs' fast layout.
at::Tensor splitHeads(const at::Tensor& t, int64_t heads, int64_t width)
{
    const int64_t batch = t.size(0), tokens = t.size(1), dimHead = t.size(2) / heads;
    const at::Tensor split = t.view({batch, tokens, heads, dimHead}).transpose(1, 2); // [B, heads, n, d]
    if (width > dimHead)
        return at::constant_pad_nd(split, {0, width - dimHead}).reshape({batch * heads, tokens, width});
    return split.reshape({batch * heads, tokens, dimHead});
}

} // namespace

at::Tensor BlockedAttention::run(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                                 const AttentionPlan& plan, const StopCheck& stop)
{
    const int64_t batch = q.size(0), queries = q.size(1), dimHead = q.size(2) / heads;
    const int64_t width = paddedHeadDim(dimHead, q.scalar_type());
    const at::Tensor qh = splitHeads(q, heads, width);   // [B * heads, L, d']
    const at::Tensor kh = splitHeads(k, heads, width);   // [B * heads, S, d']
    const at::Tensor vh = splitHeads(v, heads, dimHead); // [B * heads, S, d]
    at::Tensor out = at::zeros({batch * heads, queries, dimHead}, q.options()); // every block writes its rows
    const int64_t rowBlocks = (queries + plan.queryRows - 1) / plan.queryRows;
    const int64_t tasks = batch * heads * rowBlocks;
    const double scale = 1.0 / std::sqrt(static_cast<double>(dimHead));
    std::atomic<int64_t> next{0};
    // Threads take blocks in turn rather than a fixed share: on a loaded machine a descheduled core then delays
    // one block, not half the work. Inner ATen calls run single-threaded inside the parallel region.
    at::parallel_for(0, at::get_num_threads(), 1, [&](int64_t, int64_t) {
        ScoreBlock block(std::min(plan.queryRows, queries), kh.size(1), q.scalar_type());
        for (int64_t task = next++; task < tasks; task = next++) {
            if (at::get_thread_num() == 0)
                stopOthersIfStopped(stop, next, tasks);
            const int64_t slice = task / rowBlocks, row = (task % rowBlocks) * plan.queryRows;
            const int64_t rows = std::min(plan.queryRows, queries - row);
            attendBlock(block, qh[slice].narrow(0, row, rows), kh[slice], vh[slice], out[slice].narrow(0, row, rows),
                        scale);
        }
    });
    return out.view({batch, heads, queries, dimHead}).transpose(1, 2).reshape({batch, queries, heads * dimHead});
}

} // namespace fr2r::core
