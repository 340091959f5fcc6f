#pragma once

#include "core/api/ImageBuffer.h"

#include <array>

namespace fr2r::imaging {

struct SsimResult
{
    double value = 0.0; // mean of the three channels
    std::array<double, 3> perChannel = {}; // R, G, B
};

// SSIM (Wang et al. 2004) as shared/golden/README.md "Evaluation metrics" defines it: Gaussian window 11x11,
// sigma 1.5, K1 0.01, K2 0.03, data range 255, population covariances, mean over the valid region only,
// then over the channels; float64 throughout (scikit-image's structural_similarity with those options).
// Both images must have the same size, at least 11x11; throws InvalidArgumentError otherwise.
SsimResult ssim(const ImageBuffer& a, const ImageBuffer& b);

// SSIM of a generated image against its rendered input; when their sizes differ the rendered image is
// first resized to the generated one's size (area interpolation) and *resized is set.
SsimResult ssimWithResize(const ImageBuffer& generated, const ImageBuffer& rendered, bool* resized = nullptr);

} // namespace fr2r::imaging
