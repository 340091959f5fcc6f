#include "core/model/GroupNorm.h"

#include <ATen/ATen.h>

namespace fr2r::core {

GroupNormImpl::GroupNormImpl(int64_t groups, int64_t channels, double eps)
    : torch::nn::GroupNormImpl(torch::nn::GroupNormOptions(groups, channels).eps(eps))
{
}

at::Tensor GroupNormImpl::forward(const at::Tensor& input)
{
    const bool reduced = input.scalar_type() == at::kBFloat16 || input.scalar_type() == at::kHalf;
    const bool reducedChannelsLast = reduced && input.is_cpu() && input.dim() == 4 && !input.is_contiguous()
        && input.is_contiguous(at::MemoryFormat::ChannelsLast);
    if (!reducedChannelsLast)
        return at::group_norm(input, options.num_groups(), weight, bias, options.eps()); // [B, C, ...]
    // Statistics in float32; the result goes back to the input's type, still channels-last.
    return at::group_norm(input.to(at::kFloat), options.num_groups(), weight.to(at::kFloat), bias.to(at::kFloat), options.eps())
        .to(input.scalar_type()); // [B, C, H, W]
}

} // namespace fr2r::core
