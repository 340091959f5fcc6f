#include "core/model/AttentionPlan.h"

#include "core/model/BudgetSplit.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdio>

namespace fr2r::core {
namespace {

// The blocked kernel's score block per thread, a core's L2 cache here (2 MiB): rows enough for the GEMMs' fast
// kernels, and the block stays in cache between the GEMMs and the softmax.
constexpr int64_t kScoreBlockBytes = 2 << 20;

// LibTorch's attention holds the scaled scores, their softmax and a temporary of every head and row of a chunk.
constexpr int64_t kLibraryCopies = 3;

} // namespace

AttentionPlan AttentionPlan::choose(Kernel kernel, int64_t batch, int64_t heads, int64_t queries, int64_t keys,
                                    int64_t elementSize, const AttentionLimits& limits)
{
    AttentionPlan plan;
    plan.kernel = kernel;
    plan.batch = batch;
    plan.heads = heads;
    plan.queries = queries;
    plan.keys = keys;
    plan.budgetBytes = limits.budgetBytes;
    int64_t bytesPerRow = 0;
    int64_t rows = queries;
    if (plan.kernel == Kernel::Blocked) {
        // Every thread holds one block of scores in the inputs' type (its softmax works on one row at a time).
        bytesPerRow = keys * elementSize * at::get_num_threads();
        rows = unitsWithinBudget(kScoreBlockBytes * at::get_num_threads(), bytesPerRow, queries);
    } else {
        bytesPerRow = batch * heads * keys * elementSize * kLibraryCopies;
    }
    if (limits.budgetBytes > 0)
        rows = std::min(rows, unitsWithinBudget(limits.budgetBytes, bytesPerRow, queries));
    if (limits.queryChunk > 0)
        rows = std::min(rows, limits.queryChunk);
    plan.queryRows = rows;
    plan.scoreBytes = rows * bytesPerRow;
    return plan;
}

std::string AttentionPlan::describe() const
{
    static const char* const kNames[] = {"blocked", "library", "autograd"};
    char text[160];
    std::snprintf(text, sizeof text, "%s attention %lldx%lld heads, %lld queries x %lld keys: %lld query rows at once, "
                                     "%.1f MiB scores (budget %.0f MiB)",
                  kNames[static_cast<int>(kernel)], static_cast<long long>(batch), static_cast<long long>(heads),
                  static_cast<long long>(queries), static_cast<long long>(keys), static_cast<long long>(queryRows),
                  scoreBytes / 1048576.0, budgetBytes / 1048576.0);
    return text;
}

} // namespace fr2r::core
