#pragma once

#include "core/model/RowBandPlan.h"

#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <utility>

namespace fr2r::core {

class Conv2dImpl;
class GroupNormStatistics;

// torch::nn::GroupNorm (same parameters "weight", "bias") computing reduced-precision CPU input in float32
// (see ReducedPrecision.h): exact on channels-last input, where LibTorch 1.13's kernel loses precision.
class GroupNormImpl : public torch::nn::GroupNormImpl
{
public:
    GroupNormImpl(int64_t groups, int64_t channels, double eps);

    at::Tensor forward(const at::Tensor& input); // [B, C, ...] -> same shape, dtype and memory format
    // silu(forward(input)), the pair every resnet block runs: in reduced precision the SiLU runs in float32 too,
    // before the one conversion back, and in place on the normalised copy (a bf16 VAE pass spent 7% in SiLU).
    at::Tensor forwardSilu(const at::Tensor& input);
    // conv(forwardSilu(input)) for input [B, C, H, W]. When the temporaries exceed the memory budget (inference
    // only), the statistics are computed exactly over the whole map first (ChannelMoments), and then each band is
    // normalised and convolved with a halo row, so the normalised map never exists whole; the result differs
    // from the whole pass by the statistics' summation order only.
    at::Tensor forwardSiluConv(const at::Tensor& input, Conv2dImpl& conv);
    // forwardSiluConv(input, conv) + residual(0, H), the end of a resnet block (residual: its shortcut's rows).
    // In row bands the sum is written over input (the caller gives it up; conv keeps the channel count), so the
    // VAE's full-resolution maps before and after the convolution never both exist; the sum is the same.
    at::Tensor forwardSiluConvAdd(at::Tensor input, Conv2dImpl& conv, const RowBandPlan::Residual& residual);

    // Shared statistics for tiled passes (nullptr: each call computes its own, the default).
    void setStatistics(GroupNormStatistics* statistics) { m_statistics = statistics; }
    // Bounds forwardSiluConv's temporaries (bytes; 0: no bound, the default).
    void setMemoryBudget(int64_t bytes) { m_budgetBytes = bytes; }
    const RowBandPlan& lastPlan() const { return m_lastPlan; } // forwardSiluConv's last layout

private:
    at::Tensor normalize(const at::Tensor& input); // in the input's type
    RowBandPlan planFor(const at::Tensor& input, const Conv2dImpl& conv) const; // unbanded when it may not band
    at::Tensor siluConvAsPlanned(const at::Tensor& input, Conv2dImpl& conv);     // forwardSiluConv under m_lastPlan
    // conv(silu(band * scale + shift)) in the band's type, for one band of rows with its halo.
    static at::Tensor normalizedConv(const at::Tensor& band, Conv2dImpl& conv, const at::Tensor& scale,
                                     const at::Tensor& shift);
    // Per-channel scale and shift [B, C, 1, 1] (float32) that normalise input as a whole-map pass does.
    std::pair<at::Tensor, at::Tensor> wholeMapAffine(const at::Tensor& input) const;

    GroupNormStatistics* m_statistics = nullptr;
    int64_t m_budgetBytes = 0;
    RowBandPlan m_lastPlan;
};
TORCH_MODULE(GroupNorm);

} // namespace fr2r::core
