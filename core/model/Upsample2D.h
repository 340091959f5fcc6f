#pragma once

#include "core/model/Conv2d.h"
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// diffusers.models.upsampling.Upsample2D constructor arguments (use_conv is always true in SD).
struct Upsample2DOptions
{
    int64_t channels = 0;
    int64_t outChannels = 0; // 0: same as channels
};

// Ports diffusers' Upsample2D: nearest-neighbour x2, then a 3x3 conv named "conv".
class Upsample2DImpl : public torch::nn::Module
{
public:
    explicit Upsample2DImpl(const Upsample2DOptions& options);

    // input [B, C, H, W]; outputSize (h, w) when the skip connection is not exactly 2x (odd sizes) -> [B, Cout, 2H, 2W]
    at::Tensor forward(const at::Tensor& input, at::IntArrayRef outputSize = {});

private:
    Upsample2DOptions m_options;
    Conv2d m_conv{nullptr};
};
TORCH_MODULE(Upsample2D);

} // namespace fr2r::core
