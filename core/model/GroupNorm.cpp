#include "core/model/GroupNorm.h"

#include "core/model/Conv2d.h"
#include "core/model/GroupNormStatistics.h"
#include "core/model/ReducedPrecision.h"

#include <ATen/ATen.h>

namespace fr2r::core {
namespace {

// input [B, C, h, W] in float32, as [B, G, C/G, h, W] (a view: it only splits the channels).
at::Tensor grouped(const at::Tensor& input, int64_t groups)
{
    return input.to(at::kFloat).view({input.size(0), groups, input.size(1) / groups, input.size(2), input.size(3)});
}

} // namespace

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
    const bool bandable = m_budgetBytes > 0 && !m_statistics && !at::GradMode::is_enabled() && input.dim() == 4
        && conv.sameSizeHalo() >= 0;
    m_lastPlan = bandable ? planFor(input, conv.options.out_channels()) : RowBandPlan();
    if (!m_lastPlan.banded())
        return conv.forward(forwardSilu(input)); // [B, Cout, H, W]
    const auto [scale, shift] = bandedAffine(input, m_lastPlan.rows);
    return m_lastPlan.run(input, conv.sameSizeHalo(), 1, [&](const at::Tensor& band) {
        at::Tensor normalized = at::addcmul(shift, band.to(at::kFloat), scale); // [B, C, rows, W]
        at::silu_(normalized);
        return conv.forward(normalized.to(input.scalar_type()).contiguous(input.suggest_memory_format()));
    });
}

// A band's float32 copy, its normalised float32 copy and that in the input's type, then the convolution's output.
RowBandPlan GroupNormImpl::planFor(const at::Tensor& input, int64_t outChannels) const
{
    const int64_t element = input.element_size();
    const int64_t channels = input.size(1), width = input.size(3);
    const int64_t bytesPerRow = channels * width * (8 + element) + outChannels * width * element;
    return RowBandPlan::choose("group norm + SiLU + conv", channels, input.size(2), width, bytesPerRow, m_budgetBytes);
}

// Two passes over the bands, summing in float64: the groups' means, then their squared deviations, so the
// variance is as exact as LibTorch's over the whole map.
std::pair<at::Tensor, at::Tensor> GroupNormImpl::bandedAffine(const at::Tensor& input, int64_t rows) const
{
    const int64_t batch = input.size(0), channels = input.size(1), height = input.size(2);
    const int64_t groups = options.num_groups();
    const std::vector<int64_t> within{2, 3, 4}; // a group's channels and pixels
    at::Tensor sum = at::zeros({batch, groups}, input.options().dtype(at::kDouble));
    for (int64_t start = 0; start < height; start += rows)
        sum += grouped(input.narrow(2, start, std::min(rows, height - start)), groups).sum(within, false, at::kDouble);
    const double count = static_cast<double>(input.numel() / (batch * groups));
    const at::Tensor mean = (sum / count).to(at::kFloat).view({batch, groups, 1, 1, 1});
    at::Tensor squares = at::zeros_like(sum);
    for (int64_t start = 0; start < height; start += rows) {
        const at::Tensor band = grouped(input.narrow(2, start, std::min(rows, height - start)), groups);
        squares += (band - mean).square_().sum(within, false, at::kDouble);
    }
    const at::Tensor invStd = (squares / count + options.eps()).rsqrt().to(at::kFloat); // [B, G]
    const at::Tensor perChannel = invStd.repeat_interleave(channels / groups, 1);       // [B, C]
    const at::Tensor scale = perChannel * weight.to(at::kFloat);
    const at::Tensor shift = bias.to(at::kFloat) - mean.view({batch, groups}).repeat_interleave(channels / groups, 1) * scale;
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
