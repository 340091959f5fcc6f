#include "core/model/BlockedAttention.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace fr2r::core {
namespace {

// One thread's score block: float32 for the scaling and softmax, and a copy in the inputs' type for the GEMMs.
struct ScoreBlock
{
    ScoreBlock(int64_t rows, int64_t keys, at::ScalarType type)
        // Zeros, not empty: LibTorch 1.13's addmm reads its input even with beta 0.
        : scores(at::zeros({rows, keys}, at::kFloat))
        , gemm(type == at::kFloat ? scores : at::zeros({rows, keys}, at::TensorOptions().dtype(type)))
    {
    }
    at::Tensor scores; // [rows, S] float32
    at::Tensor gemm;   // [rows, S] in the GEMMs' type (scores itself for float32)
};

// One block: q rows [rows, d], keys [S, d], values [S, d] -> out [rows, d], all strided views.
void attendBlock(ScoreBlock& block, const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, at::Tensor out,
                 double scale)
{
    const int64_t rows = q.size(0);
    at::Tensor scores = block.scores.narrow(0, 0, rows); // [rows, S]
    at::Tensor gemm = block.gemm.narrow(0, 0, rows);     // [rows, S]
    // The scale rides on the GEMM's float32 accumulator (alpha), before any rounding to bf16.
    at::addmm_out(gemm, gemm, q, k.t(), /*beta=*/0, /*alpha=*/scale);
    if (!gemm.is_same(scores))
        scores.copy_(gemm);
    at::_softmax_out(scores, scores, -1, false); // exp in float32, in place
    if (!gemm.is_same(scores))
        gemm.copy_(scores);
    at::mm_out(out, gemm, v);
}

} // namespace

at::Tensor BlockedAttention::run(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, int64_t heads,
                                 const AttentionPlan& plan, const StopCheck& stop)
{
    const int64_t batch = q.size(0), queries = q.size(1), keys = k.size(1), dimHead = q.size(2) / heads;
    const at::Tensor qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
    at::Tensor out = at::zeros_like(qc); // [B, L, heads * d]; every block writes its rows
    const int64_t rowBlocks = (queries + plan.queryRows - 1) / plan.queryRows;
    const int64_t tasks = batch * heads * rowBlocks;
    const double scale = 1.0 / std::sqrt(static_cast<double>(dimHead));
    std::atomic<int64_t> next{0};
    // Threads take blocks in turn rather than a fixed share: on a loaded machine a descheduled core then delays
    // one block, not half the work. Inner ATen calls run single-threaded inside the parallel region.
    at::parallel_for(0, at::get_num_threads(), 1, [&](int64_t, int64_t) {
        ScoreBlock block(std::min(plan.queryRows, queries), keys, q.scalar_type());
        for (int64_t task = next++; task < tasks; task = next++) {
            if (at::get_thread_num() == 0)
                checkStop(stop); // the caller's thread: the check may not be thread-safe
            const int64_t slice = task / rowBlocks, row = (task % rowBlocks) * plan.queryRows;
            const int64_t b = slice / heads, head = slice % heads;
            const int64_t rows = std::min(plan.queryRows, queries - row);
            const auto headOf = [&](const at::Tensor& t) { return t.select(0, b).narrow(1, head * dimHead, dimHead); };
            attendBlock(block, headOf(qc).narrow(0, row, rows), headOf(kc), headOf(vc),
                        headOf(out).narrow(0, row, rows), scale);
        }
    });
    return out;
}

} // namespace fr2r::core
