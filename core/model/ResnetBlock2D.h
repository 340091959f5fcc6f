#pragma once

#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// diffusers.models.resnet.ResnetBlock2D constructor arguments we use (time_embedding_norm "default").
struct ResnetBlock2DOptions
{
    int64_t inChannels = 0;
    int64_t outChannels = 0;      // 0: same as inChannels
    int64_t tembChannels = 0;     // 0: no time embedding (VAE)
    int64_t groups = 32;
    double eps = 1e-6;
    double outputScaleFactor = 1.0;
};

// Ports diffusers' ResnetBlock2D: norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut (1x1, when channels change).
class ResnetBlock2DImpl : public torch::nn::Module
{
public:
    explicit ResnetBlock2DImpl(const ResnetBlock2DOptions& options);

    // input [B, Cin, H, W], temb [B, T] or undefined -> [B, Cout, H, W]
    at::Tensor forward(const at::Tensor& input, const at::Tensor& temb = {});

private:
    ResnetBlock2DOptions m_options;
    GroupNorm m_norm1{nullptr};
    Conv2d m_conv1{nullptr};
    torch::nn::Linear m_timeEmbProj{nullptr};
    GroupNorm m_norm2{nullptr};
    Conv2d m_conv2{nullptr};
    Conv2d m_convShortcut{nullptr};
};
TORCH_MODULE(ResnetBlock2D);

} // namespace fr2r::core
