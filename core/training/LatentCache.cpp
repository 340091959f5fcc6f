#include "core/training/LatentCache.h"

#include "core/api/JobLog.h"
#include "core/training/NoisePredictionObjective.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace fr2r::core {

LatentCache::LatentCache(const NoisePredictionObjective& objective, const at::Tensor& pixels)
{
    const auto start = std::chrono::steady_clock::now();
    std::vector<at::Tensor> means;
    std::vector<at::Tensor> logvars;
    for (int64_t i = 0; i < pixels.size(0); ++i) {
        const at::Tensor image = pixels.slice(0, i, i + 1); // [1, 3, R, R]
        for (const at::Tensor& view : {image, image.flip({3})}) {
            const LatentDistribution distribution = objective.distribution(view);
            means.push_back(distribution.mean);
            logvars.push_back(distribution.logvar);
        }
    }
    m_mean = torch::cat(means);
    m_logvar = torch::cat(logvars);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char timing[32];
    std::snprintf(timing, sizeof timing, "%.1f s", seconds);
    JobLog::info("cached latents of " + std::to_string(pixels.size(0)) + " images at " +
                 std::to_string(pixels.size(3)) + " px (" + timing + ")");
}

LatentDistribution LatentCache::select(const at::Tensor& indices, const at::Tensor& flips) const
{
    const at::Tensor rows = (indices.to(torch::kLong) * 2 + flips.to(torch::kLong)).to(m_mean.device());
    return {m_mean.index_select(0, rows), m_logvar.index_select(0, rows)};
}

} // namespace fr2r::core
