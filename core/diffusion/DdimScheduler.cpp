#include "core/diffusion/DdimScheduler.h"

#include "core/api/Error.h"

#include <torch/torch.h>

#include <cmath>

namespace fr2r::core {

DdimScheduler::DdimScheduler(DdimSchedulerConfig config)
    : m_config(std::move(config))
{
    m_config.validate();
    const int64_t count = m_config.numTrainTimesteps;
    const bool scaled = m_config.betaSchedule == "scaled_linear";
    // scaled_linear interpolates sqrt(beta) linearly and squares it.
    const double from = scaled ? std::sqrt(m_config.betaStart) : m_config.betaStart;
    const double to = scaled ? std::sqrt(m_config.betaEnd) : m_config.betaEnd;
    double product = 1.0;
    for (int64_t i = 0; i < count; ++i) {
        const double fraction = count > 1 ? static_cast<double>(i) / static_cast<double>(count - 1) : 0.0;
        const double root = from + (to - from) * fraction;
        const double beta = scaled ? root * root : root;
        product *= 1.0 - beta;
        m_alphasCumprod.push_back(product);
    }
    m_alphasCumprodTensor = torch::tensor(m_alphasCumprod, torch::dtype(torch::kFloat64)); // [T]
    m_finalAlphaCumprod = m_config.setAlphaToOne ? 1.0 : m_alphasCumprod.front();
}

std::vector<int64_t> DdimScheduler::timesteps(int numInferenceSteps) const
{
    checkArguments(0, numInferenceSteps);
    const int64_t count = m_config.numTrainTimesteps;
    std::vector<int64_t> result;
    for (int i = numInferenceSteps - 1; i >= 0; --i) {
        if (m_config.timestepSpacing == "leading") {
            result.push_back(i * stepSize(numInferenceSteps) + m_config.stepsOffset);
        } else if (m_config.timestepSpacing == "trailing") {
            const double ratio = static_cast<double>(count) / numInferenceSteps;
            const int64_t fromEnd = numInferenceSteps - 1 - i;
            result.push_back(static_cast<int64_t>(std::nearbyint(count - fromEnd * ratio)) - 1);
        } else { // linspace over [0, T - 1], rounded half to even as numpy does
            const double fraction = numInferenceSteps > 1 ? static_cast<double>(i) / (numInferenceSteps - 1) : 0.0;
            result.push_back(static_cast<int64_t>(std::nearbyint(fraction * (count - 1))));
        }
    }
    return result;
}

at::Tensor DdimScheduler::step(const at::Tensor& eps, int64_t t, const at::Tensor& sample,
                               int numInferenceSteps) const
{
    checkArguments(t, numInferenceSteps);
    const int64_t previous = t - stepSize(numInferenceSteps);
    return moveNoiseLevel(eps, sample, m_alphasCumprod[t], alphaCumprodOrDefault(previous, m_finalAlphaCumprod));
}

at::Tensor DdimScheduler::inverseStep(const at::Tensor& eps, int64_t t, const at::Tensor& sample,
                                      int numInferenceSteps) const
{
    checkArguments(t, numInferenceSteps);
    const int64_t previous = t - stepSize(numInferenceSteps);
    return moveNoiseLevel(eps, sample, alphaCumprodOrDefault(previous, m_alphasCumprod.front()), m_alphasCumprod[t]);
}

at::Tensor DdimScheduler::moveNoiseLevel(const at::Tensor& eps, const at::Tensor& sample, double alphaFrom,
                                         double alphaTo)
{
    // x0 = (x - sqrt(1 - aFrom) eps) / sqrt(aFrom); out = sqrt(aTo) x0 + sqrt(1 - aTo) eps, folded.
    const double sampleScale = std::sqrt(alphaTo) / std::sqrt(alphaFrom);
    const double epsScale = std::sqrt(1.0 - alphaTo) - sampleScale * std::sqrt(1.0 - alphaFrom);
    return sample * sampleScale + eps.to(sample.options()) * epsScale; // [B, C, h, w]
}

void DdimScheduler::checkArguments(int64_t t, int numInferenceSteps) const
{
    if (numInferenceSteps < 1 || numInferenceSteps > m_config.numTrainTimesteps)
        throw InvalidArgumentError("scheduler: the number of steps must lie in [1, "
                                   + std::to_string(m_config.numTrainTimesteps) + "], not "
                                   + std::to_string(numInferenceSteps));
    if (t < 0 || t >= m_config.numTrainTimesteps)
        throw InvalidArgumentError("scheduler: timestep " + std::to_string(t) + " lies outside [0, "
                                   + std::to_string(m_config.numTrainTimesteps) + ")");
}

int64_t DdimScheduler::stepSize(int numInferenceSteps) const
{
    return m_config.numTrainTimesteps / numInferenceSteps;
}

double DdimScheduler::alphaCumprodOrDefault(int64_t t, double beforeFirst) const
{
    return t >= 0 ? m_alphasCumprod[static_cast<size_t>(t)] : beforeFirst;
}

} // namespace fr2r::core
