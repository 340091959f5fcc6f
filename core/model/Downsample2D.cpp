#include "core/model/Downsample2D.h"

#include <ATen/ATen.h>

namespace fr2r::core {

Downsample2DImpl::Downsample2DImpl(const Downsample2DOptions& options)
    : m_options(options)
{
    const int64_t out = options.outChannels > 0 ? options.outChannels : options.channels;
    m_conv = register_module(
        "conv", Conv2d(torch::nn::Conv2dOptions(options.channels, out, 3).stride(2).padding(options.padding)));
}

at::Tensor Downsample2DImpl::forward(const at::Tensor& input)
{
    if (m_options.padding == 0)
        return m_conv(at::constant_pad_nd(input, {0, 1, 0, 1}, 0)); // [B, Cout, H/2, W/2]
    return m_conv(input);                                            // [B, Cout, H/2, W/2]
}

} // namespace fr2r::core
