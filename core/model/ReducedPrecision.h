#pragma once

#include "core/model/GradientCheckpoint.h"

#include <ATen/core/Tensor.h>

namespace fr2r::core {

// LibTorch 1.13's CPU kernels for normalisation and activations are slow in bfloat16/float16 (layer norm 2x,
// GELU 1.7x, group norm on NCHW 12x here) and, for group norm on channels-last input, inexact. Such inputs
// are computed in float32 and converted back: faster and more precise.
// While gradients are on (training, gradient checkpoints), the island steps aside: the graph then holds
// LibTorch's own kernels.
inline bool computeInFloat32(const at::Tensor& input)
{
    if (GradientCheckpoint::differentiableKernels())
        return false;
    return input.is_cpu() && (input.scalar_type() == at::kBFloat16 || input.scalar_type() == at::kHalf);
}

// compute(input), run in float32 where computeInFloat32(input) and returned in the input's type.
template <typename Compute>
at::Tensor inFloat32(const at::Tensor& input, Compute&& compute)
{
    if (!computeInFloat32(input))
        return compute(input);
    return compute(input.to(at::kFloat)).to(input.scalar_type());
}

} // namespace fr2r::core
