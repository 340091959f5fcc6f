#include "metrics/LpipsScorer.h"

#include "core/api/Error.h"
#include "core/io/ImageTensor.h"
#include "core/model/TorchErrorBoundary.h"
#include "metrics/LpipsAlex.h"

#include <torch/torch.h>

namespace fr2r::metrics {

struct LpipsScorer::Impl
{
    LpipsAlex network{nullptr};
};

LpipsScorer::LpipsScorer(const std::string& weightsPath)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->network = LpipsAlex::load(weightsPath, at::kCPU);
}

LpipsScorer::~LpipsScorer() = default;

double LpipsScorer::distance(const ImageBuffer& a, const ImageBuffer& b) const
{
    if (a.width != b.width || a.height != b.height)
        throw InvalidArgumentError("LPIPS compares images of one size");
    const core::TorchErrorBoundary boundary("CPU", std::to_string(a.width) + "x" + std::to_string(a.height),
                                            "compare smaller images");
    return boundary.run([&] {
        torch::InferenceMode inference;
        const auto x0 = core::imageToTensor(a) * 2 - 1; // [1, 3, H, W] in [-1, 1]
        const auto x1 = core::imageToTensor(b) * 2 - 1;
        return m_impl->network->distance(x0, x1).item<double>();
    });
}

} // namespace fr2r::metrics
