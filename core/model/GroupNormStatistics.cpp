#include "core/model/GroupNormStatistics.h"

#include "core/api/Error.h"

#include <ATen/ATen.h>

namespace fr2r::core {

void GroupNormStatistics::startRecording()
{
    m_recording = true;
    m_moments.clear();
}

void GroupNormStatistics::startReplay()
{
    m_recording = false;
    m_next = 0;
}

at::Tensor GroupNormStatistics::normalize(const at::Tensor& input, int64_t groups, const at::Tensor& weight,
                                          const at::Tensor& bias, double eps)
{
    const int64_t batch = input.size(0);
    const at::Tensor grouped = input.to(at::kFloat).reshape({batch, groups, -1}); // [B, G, C/G * spatial]
    if (m_recording) {
        const auto [variance, mean] = at::var_mean(grouped, {2}, /*unbiased=*/false, /*keepdim=*/true);
        m_moments.push_back({mean, (variance + eps).rsqrt()});
    } else if (m_next >= m_moments.size() || m_moments[m_next].mean.size(0) != batch) {
        throw Error("tiled VAE: a tile made other GroupNorm calls than the statistics pass");
    }
    const Moments& moments = m_recording ? m_moments.back() : m_moments[m_next++];
    std::vector<int64_t> affineShape(input.dim(), 1);
    affineShape[1] = input.size(1);
    const at::Tensor normalized = ((grouped - moments.mean) * moments.invStd).view(input.sizes()); // [B, C, ...]
    return (normalized * weight.to(at::kFloat).view(affineShape) + bias.to(at::kFloat).view(affineShape))
        .to(input.scalar_type())
        .contiguous(input.suggest_memory_format());
}

} // namespace fr2r::core
