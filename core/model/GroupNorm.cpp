#include "core/model/GroupNorm.h"

#include "core/model/GroupNormStatistics.h"
#include "core/model/ReducedPrecision.h"

#include <ATen/ATen.h>

namespace fr2r::core {

GroupNormImpl::GroupNormImpl(int64_t groups, int64_t channels, double eps)
    : torch::nn::GroupNormImpl(torch::nn::GroupNormOptions(groups, channels).eps(eps))
{
}

at::Tensor GroupNormImpl::forward(const at::Tensor& input)
{
    return inFloat32(input, [this](const at::Tensor& x) { return normalize(x); }); // [B, C, ...]
}

at::Tensor GroupNormImpl::forwardSilu(const at::Tensor& input)
{
    return inFloat32(input, [this](const at::Tensor& x) {
        at::Tensor normalized = normalize(x);
        // In place it takes a third of the time on the VAE's large maps (no fresh memory to fault in); autograd
        // needs the SiLU's input kept.
        const bool keepInput = GradientCheckpoint::differentiableKernels();
        return keepInput ? at::silu(normalized) : at::silu_(normalized); // [B, C, ...]
    });
}

at::Tensor GroupNormImpl::normalize(const at::Tensor& input)
{
    if (m_statistics)
        return m_statistics->normalize(input, options.num_groups(), weight, bias, options.eps());
    const auto type = input.scalar_type();
    return at::group_norm(input, options.num_groups(), weight.to(type), bias.to(type), options.eps());
}

} // namespace fr2r::core
