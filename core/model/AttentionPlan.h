#pragma once

#include <cstdint>
#include <string>

namespace fr2r::core {

// Bounds on one attention call's memory.
struct AttentionLimits
{
    int64_t queryChunk = 0;  // > 0: at most this many query rows at once (tests, callers that know better)
    int64_t budgetBytes = 0; // > 0: the scores held at once stay within this many bytes; 0: no bound
};

// How one attention call is laid out in memory: which kernel runs and how many query rows of scores exist at
// once. Callers keep the last plan of each layer so the engine can log the budget and chunk decisions.
struct AttentionPlan
{
    enum class Kernel {
        Blocked,    // the CPU kernel: one (batch, head) slice and a block of query rows per thread (BlockedAttention)
        Library,    // LibTorch's scaled_dot_product_attention, in query chunks when the budget asks for it
        Autograd,   // LibTorch's differentiable ops, because gradients are wanted (training)
    };

    Kernel kernel = Kernel::Library;
    int64_t batch = 0;     // batch * heads slices
    int64_t heads = 0;
    int64_t queries = 0;
    int64_t keys = 0;
    int64_t queryRows = 0; // query rows whose scores exist at once (per thread for Blocked); == queries: unchunked
    int64_t budgetBytes = 0;
    int64_t scoreBytes = 0; // the scores (and probabilities) held at once under this plan

    static AttentionPlan choose(Kernel kernel, int64_t batch, int64_t heads, int64_t queries, int64_t keys,
                                int64_t elementSize, const AttentionLimits& limits);

    bool chunked() const { return queryRows < queries; }
    std::string describe() const; // "blocked attention 3x8 heads, 12288x12288: 21 query rows, 1.0 MiB scores"
};

} // namespace fr2r::core
