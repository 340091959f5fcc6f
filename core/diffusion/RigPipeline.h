#pragma once

#include "core/api/RigParams.h"
#include "core/diffusion/InversionCache.h"
#include "core/diffusion/VaeTiling.h"

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace fr2r::core {

class StableDiffusionModel;
struct RunControl;

// Realistic Image Generation on tensors (golden README, "The RIG reference"): VAE encode, partial
// DDIM inversion, guided generation with TAC, VAE decode. Keeps the inversion trajectories of recent
// images and the last generation's per-step latents, so parameter changes redo only what they affect.
class RigPipeline
{
public:
    struct Result
    {
        at::Tensor z0;          // [1, 4, h, w]
        at::Tensor inverted;    // z_K
        at::Tensor finalLatent;
        at::Tensor image;       // [1, 3, H, W] float32 in [-1, 1]
    };

    explicit RigPipeline(StableDiffusionModel& model);

    // image: [1, 3, H, W] in [-1, 1], H and W multiples of the VAE factor; imageKey identifies its content.
    Result run(const at::Tensor& image, const std::string& imageKey, const RigParams& params, const RunControl& control);

    // Final latents of one strength for several gammas (params.gamma ignored), sharing the inversion
    // with every other strength of the same image and the TAC prefix between gammas.
    std::vector<at::Tensor> sweepStrength(const at::Tensor& image, const std::string& imageKey, const RigParams& params,
                                          const std::vector<double>& gammas, const RunControl& control);

    at::Tensor decode(const at::Tensor& latent, const RunControl& control); // [1, 3, H, W] in [-1, 1]

private:
    struct Prepared;
    Prepared prepare(const at::Tensor& image, const std::string& imageKey, const RigParams& params,
                     const RunControl& control);
    at::Tensor context(const std::string& prompt);

    StableDiffusionModel& m_model;
    InversionCache m_inversions;
    VaeTiling m_tiling;
    std::map<std::string, at::Tensor> m_contexts;
    std::string m_lastGenerationKey;
    int m_lastControlledSteps = -1;
    std::vector<at::Tensor> m_lastHistory; // latent before each generation step, then the result
};

} // namespace fr2r::core
