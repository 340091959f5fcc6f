#pragma once

#include <ATen/core/Tensor.h>

namespace fr2r::core {

// The sum and the sum of squares of every channel of a map [B, C, H, W] (contiguous or channels-last; float32,
// bfloat16 or float16), accumulated in float64: one vectorised pass on all cores that converts nothing in memory.
// LibTorch 1.13 needs a float32 copy of a bf16 map and a float64 one for its float64 sums (a 256-channel 768x1024
// map took 2.9 s for the two passes of an exact variance; this takes a small fraction of that). The chunks are
// fixed, so the sums do not depend on the number of threads.
class ChannelMoments
{
public:
    static at::Tensor of(const at::Tensor& input); // -> [B, C, 2] float64: sum, sum of squares
};

} // namespace fr2r::core
