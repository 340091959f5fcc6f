#pragma once

#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// torch::nn::Conv2d (same parameters "weight", "bias") that runs 3x3 convolutions over small feature maps
// on the CPU as one matrix product (im2col + GEMM): LibTorch 1.13's oneDNN and slow_conv2d kernels reach a
// third of the GEMM's speed there (UNet levels 2 and 3 at small working sizes). The one place for that.
class Conv2dImpl : public torch::nn::Conv2dImpl
{
public:
    explicit Conv2dImpl(const torch::nn::Conv2dOptions& options);

    // At most this many output pixels take the GEMM path (measured: 8x8 and 4x4 win, 16x16 loses).
    static constexpr int64_t kGemmMaxPixels = 64;

    at::Tensor forward(const at::Tensor& input); // [B, Cin, H, W] -> [B, Cout, H', W']

    // Rows of context above and below an output row for a same-size convolution (stride 1, odd kernel, padding
    // of half the kernel with zeros, no dilation): 1 for 3x3, 0 for 1x1; -1 for any other convolution.
    int64_t sameSizeHalo() const { return m_sameSizeHalo; }

private:
    bool usesGemm(const at::Tensor& input) const;
    at::Tensor forwardGemm(const at::Tensor& input);

    bool m_plain3x3 = false; // 3x3, stride 1, padding 1 with zeros, no dilation or groups
    int64_t m_sameSizeHalo = -1;
};
TORCH_MODULE(Conv2d);

} // namespace fr2r::core
