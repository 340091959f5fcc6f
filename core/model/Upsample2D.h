#pragma once

#include "core/model/Conv2d.h"
#include "core/model/RowBandPlan.h"

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
    // When the upsampled map and the convolution's output exceed the memory budget (inference only), runs in row
    // bands with a halo row, so the upsampled map never exists whole; the result is the same.
    at::Tensor forward(const at::Tensor& input, at::IntArrayRef outputSize = {});

    void setMemoryBudget(int64_t bytes) { m_budgetBytes = bytes; } // 0: no bound, the default
    const RowBandPlan& lastPlan() const { return m_lastPlan; }

private:
    Upsample2DOptions m_options;
    int64_t m_budgetBytes = 0;
    RowBandPlan m_lastPlan;
    Conv2d m_conv{nullptr};
};
TORCH_MODULE(Upsample2D);

} // namespace fr2r::core
