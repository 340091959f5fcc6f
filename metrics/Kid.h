#pragma once

#include <torch/types.h>

#include <cstdint>

namespace fr2r::metrics {

// Kernel Inception Distance over subsets, as torch-fidelity reports it.
struct KidResult
{
    double mean = 0;     // mean of the subset MMD² values
    double std = 0;      // population standard deviation (np.std) of those values
    int subsets = 0;     // number of subsets drawn
    int subsetSize = 0;  // min(n, m, requested subset size)
};

// Unbiased MMD² between feature sets real [n, d] and fake [m, d] (n, m >= 2) with the polynomial kernel
// k(x, y) = (x·y / d + 1)³, computed in float64. Throws InvalidArgumentError on mismatched or too few rows.
double mmd2Unbiased(const at::Tensor& real, const at::Tensor& fake);

// torch-fidelity's KID: `subsets` times, draw min(n, m, subsetSize) rows from each side without replacement
// (std::mt19937_64 seeded with `seed`, so results are the same on every platform) and average mmd2Unbiased.
KidResult kernelInceptionDistance(const at::Tensor& real, const at::Tensor& fake, int subsets = 100,
                                  int subsetSize = 1000, uint64_t seed = 0);

} // namespace fr2r::metrics
