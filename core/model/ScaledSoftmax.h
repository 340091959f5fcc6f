#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace fr2r::core {

// softmax(scale * x) along the rows of a contiguous [rows, n] block, in place, computed in float32 for float32,
// bfloat16 and float16 blocks (float64 ones, for reference runs, stay in float64 through LibTorch). It takes three
// passes over a row, the first two on a float32 copy that stays in the core's L1 cache: convert, scale and find
// the maximum; exponentials and their sum; normalise and convert back. LibTorch 1.13 takes eight passes over the
// whole block for the same (convert, scale, max, exp, sum, divide, convert back), which made the softmax the
// blocked attention's bottleneck at long sequences. The exponential is a polynomial (Cephes' expf: within 2 ulp
// of std::exp) that the compiler vectorises.
class ScaledSoftmax
{
public:
    explicit ScaledSoftmax(int64_t length); // the longest row it will see

    void apply(const at::Tensor& block, double scale); // block [rows, n], n <= length, contiguous; in place

private:
    std::vector<float> m_row; // one row in float32
};

} // namespace fr2r::core
