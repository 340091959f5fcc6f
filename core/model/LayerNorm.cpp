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
    return inFloat32(input, [this](const at::Tensor& x) {
        const auto type = x.scalar_type();
        return at::layer_norm(x, options.normalized_shape(), weight.to(type), bias.to(type), options.eps());
    });
}

} // namespace fr2r::core
