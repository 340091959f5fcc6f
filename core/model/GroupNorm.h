#pragma once

#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

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

    // Shared statistics for tiled passes (nullptr: each call computes its own, the default).
    void setStatistics(GroupNormStatistics* statistics) { m_statistics = statistics; }

private:
    at::Tensor normalize(const at::Tensor& input); // in the input's type

    GroupNormStatistics* m_statistics = nullptr;
};
TORCH_MODULE(GroupNorm);

} // namespace fr2r::core
