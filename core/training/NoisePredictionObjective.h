#pragma once

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

    // (mean + std * eps) * scaling_factor for pixels [B, 3, H, W] in [-1, 1] and eps [B, latent, H/f, W/f];
    // the VAE is frozen, so no graph is kept.
    at::Tensor latents(const at::Tensor& pixels, const at::Tensor& eps) const;
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
