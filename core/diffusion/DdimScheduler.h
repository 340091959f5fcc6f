#pragma once

#include "core/diffusion/DdimSchedulerConfig.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace fr2r::core {

// diffusers.DDIMScheduler with eta 0 (deterministic), plus the DDIM inversion step of the RIG
// reference, which equals diffusers.DDIMInverseScheduler's step. Coefficients are computed in
// double precision and applied in the latents' own dtype and device.
class DdimScheduler
{
public:
    explicit DdimScheduler(DdimSchedulerConfig config = DdimSchedulerConfig::sd15());

    const DdimSchedulerConfig& config() const { return m_config; }

    // The numInferenceSteps timesteps of a full denoising run, descending.
    std::vector<int64_t> timesteps(int numInferenceSteps) const;

    // One DDIM step from timestep t to t - T / N: the less noisy sample.
    at::Tensor step(const at::Tensor& eps, int64_t t, const at::Tensor& sample, int numInferenceSteps) const;

    // One DDIM inversion step ending at timestep t, starting from t - T / N: the noisier sample.
    at::Tensor inverseStep(const at::Tensor& eps, int64_t t, const at::Tensor& sample, int numInferenceSteps) const;

    // [T] float64 on the CPU.
    const at::Tensor& alphasCumprod() const { return m_alphasCumprodTensor; }

private:
    void checkArguments(int64_t t, int numInferenceSteps) const;
    int64_t stepSize(int numInferenceSteps) const;
    double alphaCumprodOrDefault(int64_t t, double beforeFirst) const;
    // Predicts x0 from (sample, eps) at noise level alphaFrom and re-noises it to alphaTo.
    static at::Tensor moveNoiseLevel(const at::Tensor& eps, const at::Tensor& sample, double alphaFrom,
                                     double alphaTo);

    DdimSchedulerConfig m_config;
    std::vector<double> m_alphasCumprod;
    at::Tensor m_alphasCumprodTensor;
    double m_finalAlphaCumprod = 1.0;
};

} // namespace fr2r::core
