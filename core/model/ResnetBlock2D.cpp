#include "core/model/ResnetBlock2D.h"

#include <torch/nn/functional/activation.h>

namespace fr2r::core {

ResnetBlock2DImpl::ResnetBlock2DImpl(const ResnetBlock2DOptions& options)
    : m_options(options)
{
    if (m_options.outChannels <= 0)
        m_options.outChannels = m_options.inChannels;
    const int64_t in = m_options.inChannels;
    const int64_t out = m_options.outChannels;
    m_norm1 = register_module("norm1", GroupNorm(options.groups, in, options.eps));
    m_conv1 = register_module("conv1", Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    if (options.tembChannels > 0)
        m_timeEmbProj = register_module("time_emb_proj", torch::nn::Linear(options.tembChannels, out));
    m_norm2 = register_module("norm2", GroupNorm(options.groups, out, options.eps));
    m_conv2 = register_module("conv2", Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
    if (in != out)
        m_convShortcut = register_module("conv_shortcut", Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

at::Tensor ResnetBlock2DImpl::forward(const at::Tensor& input, const at::Tensor& temb)
{
    at::Tensor h = m_norm1->forwardSiluConv(input, *m_conv1);              // [B, Cout, H, W]
    if (m_timeEmbProj && temb.defined())
        h = h + m_timeEmbProj(at::silu(temb)).unsqueeze(-1).unsqueeze(-1); // + [B, Cout, 1, 1]
    const auto shortcutRows = [&](int64_t start, int64_t rows) {
        const at::Tensor part = input.narrow(2, start, rows);
        return m_convShortcut ? m_convShortcut(part) : part; // [B, Cout, rows, W]
    };
    at::Tensor out = m_norm2->forwardSiluConvAdd(std::move(h), *m_conv2, shortcutRows); // [B, Cout, H, W]
    if (m_options.outputScaleFactor != 1.0)
        out = out / m_options.outputScaleFactor;
    return out;
}

} // namespace fr2r::core
