#pragma once

#include "core/model/Conv2d.h"
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// diffusers.models.downsampling.Downsample2D constructor arguments (use_conv is always true in SD).
struct Downsample2DOptions
{
    int64_t channels = 0;
    int64_t outChannels = 0; // 0: same as channels
    int64_t padding = 1;     // 0: pad right/bottom by one first, as the VAE encoder does
};

// Ports diffusers' Downsample2D: a stride-2 3x3 conv named "conv".
class Downsample2DImpl : public torch::nn::Module
{
public:
    explicit Downsample2DImpl(const Downsample2DOptions& options);

    at::Tensor forward(const at::Tensor& input); // [B, C, H, W] -> [B, Cout, H/2, W/2]

private:
    Downsample2DOptions m_options;
    Conv2d m_conv{nullptr};
};
TORCH_MODULE(Downsample2D);

} // namespace fr2r::core
