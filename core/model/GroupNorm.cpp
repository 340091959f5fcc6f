#include "core/model/GroupNorm.h"

#include "core/model/ChannelMoments.h"
#include "core/model/Conv2d.h"
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

at::Tensor GroupNormImpl::forwardSiluConv(const at::Tensor& input, Conv2dImpl& conv)
{
    m_lastPlan = planFor(input, conv);
    return siluConvAsPlanned(input, conv);
}

at::Tensor GroupNormImpl::siluConvAsPlanned(const at::Tensor& input, Conv2dImpl& conv)
{
    if (!m_lastPlan.banded())
        return conv.forward(forwardSilu(input)); // [B, Cout, H, W]
    const auto [scale, shift] = wholeMapAffine(input);
    return m_lastPlan.run(input, conv.sameSizeHalo(), 1,
                          [&](const at::Tensor& band) { return normalizedConv(band, conv, scale, shift); });
}

at::Tensor GroupNormImpl::forwardSiluConvAdd(at::Tensor input, Conv2dImpl& conv, const RowBandPlan::Residual& residual)
{
    m_lastPlan = planFor(input, conv);
    if (!m_lastPlan.banded() || conv.options.out_channels() != input.size(1)) {
        at::Tensor out = siluConvAsPlanned(input, conv);       // [B, Cout, H, W]
        const at::Tensor whole = residual(0, input.size(2));  // [B, Cout, H, W]
        // In place without autograd: one full-size map less (the sum is the same).
        return at::GradMode::is_enabled() ? whole + out : out.add_(whole);
    }
    const auto [scale, shift] = wholeMapAffine(input);
    return m_lastPlan.runInPlace(
        std::move(input), conv.sameSizeHalo(),
        [&](const at::Tensor& band) { return normalizedConv(band, conv, scale, shift); }, residual);
}

at::Tensor GroupNormImpl::normalizedConv(const at::Tensor& band, Conv2dImpl& conv, const at::Tensor& scale,
                                         const at::Tensor& shift)
{
    at::Tensor normalized = at::addcmul(shift, band.to(at::kFloat), scale); // [B, C, rows, W]
    at::silu_(normalized);
    return conv.forward(normalized.to(band.scalar_type()).contiguous(band.suggest_memory_format()));
}

// A band's float32 copy, its normalised float32 copy and that in the input's type, then the convolution's output.
RowBandPlan GroupNormImpl::planFor(const at::Tensor& input, const Conv2dImpl& conv) const
{
    const bool bandable = m_budgetBytes > 0 && !m_statistics && !at::GradMode::is_enabled() && input.dim() == 4
        && conv.sameSizeHalo() >= 0;
    if (!bandable)
        return RowBandPlan();
    const int64_t element = input.element_size();
    const int64_t channels = input.size(1), width = input.size(3);
    const int64_t bytesPerRow = channels * width * (8 + element) + conv.options.out_channels() * width * element;
    return RowBandPlan::choose("group norm + SiLU + conv", channels, input.size(2), width, bytesPerRow, m_budgetBytes);
}

// The groups' mean and variance from every channel's float64 sums in one pass over the whole map (no copy of it).
std::pair<at::Tensor, at::Tensor> GroupNormImpl::wholeMapAffine(const at::Tensor& input) const
{
    const int64_t batch = input.size(0), channels = input.size(1), groups = options.num_groups();
    const at::Tensor sums = ChannelMoments::of(input).view({batch, groups, channels / groups, 2}).sum(2); // [B, G, 2]
    const double count = static_cast<double>(input.numel() / (batch * groups));
    const at::Tensor mean = sums.select(-1, 0) / count;                                   // [B, G]
    const at::Tensor variance = (sums.select(-1, 1) / count - mean.square()).clamp_min(0); // [B, G]
    const at::Tensor invStd = (variance + options.eps()).rsqrt().to(at::kFloat);
    const at::Tensor scale = invStd.repeat_interleave(channels / groups, 1) * weight.to(at::kFloat); // [B, C]
    const at::Tensor shift =
        bias.to(at::kFloat) - mean.to(at::kFloat).repeat_interleave(channels / groups, 1) * scale;
    return {scale.view({batch, channels, 1, 1}), shift.view({batch, channels, 1, 1})};
}

at::Tensor GroupNormImpl::normalize(const at::Tensor& input)
{
    if (m_statistics)
        return m_statistics->normalize(input, options.num_groups(), weight, bias, options.eps());
    const auto type = input.scalar_type();
    return at::group_norm(input, options.num_groups(), weight.to(type), bias.to(type), options.eps());
}

} // namespace fr2r::core
