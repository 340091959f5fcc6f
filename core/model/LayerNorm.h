#pragma once

#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// torch::nn::LayerNorm (same parameters "weight", "bias") computing reduced-precision CPU input in float32
// (see ReducedPrecision.h).
class LayerNormImpl : public torch::nn::LayerNormImpl
{
public:
    LayerNormImpl(int64_t features, double eps);

    at::Tensor forward(const at::Tensor& input); // [..., features] -> same shape and dtype
};
TORCH_MODULE(LayerNorm);

} // namespace fr2r::core
