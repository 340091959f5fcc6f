#pragma once

#include "core/model/AutoencoderKL.h"

#include <torch/types.h>

namespace fr2r::core {

class NoisePredictionObjective;

// The VAE encoder's distribution (mean, logvar) of every training image and of its horizontal flip, computed
// once: the VAE is frozen, so a step samples from these with its own generator instead of encoding, and draws
// exactly what an uncached step draws. The flip is encoded too (the latent of a flipped image is not the
// flipped latent). Each image is encoded alone, as a batch-1 step encodes it, so such steps match bitwise.
class LatentCache
{
public:
    // pixels [N, 3, R, R] in [-1, 1]; logs "cached latents of N images at R px (X s)".
    LatentCache(const NoisePredictionObjective& objective, const at::Tensor& pixels);

    // The distributions of images indices [B], flipped where flips [B] (bool) is set: [B, latent, R/f, R/f].
    LatentDistribution select(const at::Tensor& indices, const at::Tensor& flips) const;

private:
    at::Tensor m_mean;   // [2N, latent, R/f, R/f]: row 2i image i, row 2i + 1 its flip; the model's device and type
    at::Tensor m_logvar; // the same rows
};

} // namespace fr2r::core
