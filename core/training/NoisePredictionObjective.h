#pragma once

#include "core/model/AutoencoderKL.h"

#include <torch/types.h>

namespace fr2r::core {

class StableDiffusionModel;

// The DKI training objective on a loaded model: VAE latents sampled from the encoder's distribution, the DDPM
// forward process of the model's scheduler config (alphas_cumprod of its betas, num_train_timesteps), and the
// mean squared error of the UNet's epsilon prediction against the noise over every element of the batch.
class NoisePredictionObjective
{
public:
    // Freezes every weight of the model. Throws InvalidArgumentError for a scheduler that does not predict epsilon.
    explicit NoisePredictionObjective(StableDiffusionModel& model);

    int64_t trainTimesteps() const { return m_alphasCumprod.size(0); }

    // The VAE encoder's distribution of pixels [B, 3, H, W] in [-1, 1] (any device or type: moved to the model's);
    // the VAE is frozen, so no graph is kept.
    LatentDistribution distribution(const at::Tensor& pixels) const;
    // (mean + std * eps) * scaling_factor for eps [B, latent, H/f, W/f].
    at::Tensor sample(const LatentDistribution& distribution, const at::Tensor& eps) const;
    at::Tensor latents(const at::Tensor& pixels, const at::Tensor& eps) const; // sample(distribution(pixels), eps)
    // sqrt(acp[t]) * latents + sqrt(1 - acp[t]) * noise, per batch row.
    at::Tensor addNoise(const at::Tensor& latents, const at::Tensor& noise, const at::Tensor& timesteps) const;
    // MSE(unet(noisy, t, context), noise); differentiable in whatever requires grad (LoRA, context).
    at::Tensor loss(const at::Tensor& latents, const at::Tensor& noise, const at::Tensor& timesteps,
                    const at::Tensor& context) const;

private:
    StableDiffusionModel& m_model;
    at::Tensor m_alphasCumprod; // [T] float64
};

} // namespace fr2r::core
