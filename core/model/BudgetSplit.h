#pragma once

#include <algorithm>
#include <cstdint>

namespace fr2r::core {

// How many of `units` (query rows, map rows, tokens) of bytesPerUnit temporaries each fit in budgetBytes: at least
// one, at most all. The attention plans, the VAE's row bands and the feed-forward chunks split their work by it.
inline int64_t unitsWithinBudget(int64_t budgetBytes, int64_t bytesPerUnit, int64_t units)
{
    return std::clamp<int64_t>(budgetBytes / std::max<int64_t>(1, bytesPerUnit), 1, units);
}

} // namespace fr2r::core
