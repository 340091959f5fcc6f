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
    if (m_statistics)
        return m_statistics->normalize(input, options.num_groups(), weight, bias, options.eps());
    if (!computeInFloat32(input))
        return at::group_norm(input, options.num_groups(), weight, bias, options.eps()); // [B, C, ...]
    // The result goes back to the input's type, in the input's memory format.
    return at::group_norm(input.to(at::kFloat), options.num_groups(), weight.to(at::kFloat), bias.to(at::kFloat), options.eps())
        .to(input.scalar_type()); // [B, C, ...]
}

} // namespace fr2r::core
