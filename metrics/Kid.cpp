#include "metrics/Kid.h"

#include "core/api/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace fr2r::metrics {

namespace {

void checkFeatures(const at::Tensor& real, const at::Tensor& fake)
{
    if (real.dim() != 2 || fake.dim() != 2 || real.size(1) != fake.size(1))
        throw InvalidArgumentError("KID needs feature matrices [n, d] and [m, d] of one width, got " +
                                   c10::str(real.sizes()) + " and " + c10::str(fake.sizes()));
    if (real.size(0) < 2 || fake.size(0) < 2)
        throw InvalidArgumentError("KID needs at least 2 images on each side, got " + std::to_string(real.size(0)) +
                                   " real and " + std::to_string(fake.size(0)) + " generated");
}

// sklearn.metrics.pairwise.polynomial_kernel with degree 3, gamma 1/d, coef0 1.
at::Tensor polynomialKernel(const at::Tensor& x, const at::Tensor& y)
{
    const double d = double(x.size(1));
    return (torch::matmul(x, y.t()) / d + 1).pow(3); // [n, m]
}

// A uniform integer in [0, bound) from the raw 64-bit stream; std::uniform_int_distribution differs between
// standard libraries, this does not.
uint64_t uniformBelow(std::mt19937_64& engine, uint64_t bound)
{
    const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
    uint64_t value = engine();
    while (value >= limit)
        value = engine();
    return value % bound;
}

// `count` distinct indices below n, by a partial Fisher-Yates shuffle.
at::Tensor sampleWithoutReplacement(std::mt19937_64& engine, int64_t n, int64_t count)
{
    std::vector<int64_t> indices(size_t(n), 0);
    std::iota(indices.begin(), indices.end(), int64_t(0));
    for (int64_t i = 0; i < count; ++i)
        std::swap(indices[size_t(i)], indices[size_t(i + int64_t(uniformBelow(engine, uint64_t(n - i))))]);
    return torch::tensor(std::vector<int64_t>(indices.begin(), indices.begin() + count), at::kLong);
}

} // namespace

double mmd2Unbiased(const at::Tensor& real, const at::Tensor& fake)
{
    checkFeatures(real, fake);
    torch::NoGradGuard noGrad;
    const auto x = real.to(at::kDouble);
    const auto y = fake.to(x.device(), at::kDouble);
    const double n = double(x.size(0));
    const double m = double(y.size(0));
    const auto kxx = polynomialKernel(x, x); // [n, n]
    const auto kyy = polynomialKernel(y, y); // [m, m]
    const auto kxy = polynomialKernel(x, y); // [n, m]
    // torch-fidelity's mmd2 (unbiased): off-diagonal means of K_XX and K_YY minus twice the mean of K_XY.
    const double sumXX = (kxx.sum(1) - kxx.diagonal()).sum().item<double>();
    const double sumYY = (kyy.sum(1) - kyy.diagonal()).sum().item<double>();
    const double sumXY = kxy.sum(0).sum().item<double>();
    return sumXX / (n * (n - 1)) + sumYY / (m * (m - 1)) - 2 * sumXY / (n * m);
}

KidResult kernelInceptionDistance(const at::Tensor& real, const at::Tensor& fake, int subsets, int subsetSize,
                                  uint64_t seed)
{
    checkFeatures(real, fake);
    if (subsets < 1 || subsetSize < 2)
        throw InvalidArgumentError("KID needs at least 1 subset of at least 2 images, got " + std::to_string(subsets) +
                                   " subsets of " + std::to_string(subsetSize));
    KidResult result;
    result.subsets = subsets;
    result.subsetSize = int(std::min<int64_t>({real.size(0), fake.size(0), int64_t(subsetSize)}));
    std::mt19937_64 engine(seed);
    std::vector<double> values;
    values.reserve(size_t(subsets));
    for (int i = 0; i < subsets; ++i) {
        const auto realRows = sampleWithoutReplacement(engine, real.size(0), result.subsetSize).to(real.device());
        const auto fakeRows = sampleWithoutReplacement(engine, fake.size(0), result.subsetSize).to(fake.device());
        values.push_back(mmd2Unbiased(real.index_select(0, realRows), fake.index_select(0, fakeRows)));
    }
    result.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    double squares = 0;
    for (double value : values)
        squares += (value - result.mean) * (value - result.mean);
    result.std = std::sqrt(squares / double(values.size()));
    return result;
}

} // namespace fr2r::metrics
