#include "core/model/Upsample2D.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace fr2r::core {

Upsample2DImpl::Upsample2DImpl(const Upsample2DOptions& options)
    : m_options(options)
{
    const int64_t out = options.outChannels > 0 ? options.outChannels : options.channels;
    m_conv = register_module("conv", Conv2d(torch::nn::Conv2dOptions(options.channels, out, 3).padding(1)));
}

at::Tensor Upsample2DImpl::forward(const at::Tensor& input, at::IntArrayRef outputSize)
{
    const auto upsampled = [this](const at::Tensor& rows) {
        return m_conv(at::upsample_nearest2d(rows, {rows.size(2) * 2, rows.size(3) * 2})); // [B, Cout, 2h, 2w]
    };
    m_lastPlan = RowBandPlan();
    if (!outputSize.empty())
        return m_conv(at::upsample_nearest2d(input, outputSize)); // [B, Cout, h, w]
    if (m_budgetBytes > 0 && !at::GradMode::is_enabled() && input.dim() == 4) {
        // Two upsampled rows per input row, each with the upsampled copy and the convolution's output.
        const int64_t bytesPerRow = 4 * input.size(3) * input.element_size() * (input.size(1) + m_conv->options.out_channels());
        m_lastPlan = RowBandPlan::choose("upsample + conv", input.size(1), input.size(2), input.size(3), bytesPerRow,
                                         m_budgetBytes);
        if (m_lastPlan.banded())
            return m_lastPlan.run(input, 1, 2, upsampled);
    }
    return upsampled(input); // [B, Cout, 2H, 2W]
}

} // namespace fr2r::core
