#include "core/model/LayerNorm.h"

#include "core/model/ReducedPrecision.h"

#include <ATen/ATen.h>

namespace fr2r::core {

LayerNormImpl::LayerNormImpl(int64_t features, double eps)
    : torch::nn::LayerNormImpl(torch::nn::LayerNormOptions({features}).eps(eps))
{
}

at::Tensor LayerNormImpl::forward(const at::Tensor& input)
{
    if (!computeInFloat32(input))
        return torch::nn::LayerNormImpl::forward(input);
    return at::layer_norm(input.to(at::kFloat), options.normalized_shape(), weight.to(at::kFloat), bias.to(at::kFloat),
                          options.eps())
        .to(input.scalar_type());
}

} // namespace fr2r::core
