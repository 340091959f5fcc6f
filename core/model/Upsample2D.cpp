#include "core/model/Upsample2D.h"

#include <ATen/ATen.h>

namespace fr2r::core {

Upsample2DImpl::Upsample2DImpl(const Upsample2DOptions& options)
    : m_options(options)
{
    const int64_t out = options.outChannels > 0 ? options.outChannels : options.channels;
    m_conv = register_module("conv", Conv2d(torch::nn::Conv2dOptions(options.channels, out, 3).padding(1)));
}

at::Tensor Upsample2DImpl::forward(const at::Tensor& input, at::IntArrayRef outputSize)
{
    const std::vector<int64_t> size = outputSize.empty()
        ? std::vector<int64_t>{input.size(2) * 2, input.size(3) * 2}
        : outputSize.vec();
    return m_conv(at::upsample_nearest2d(input, size)); // [B, Cout, h, w]
}

} // namespace fr2r::core
