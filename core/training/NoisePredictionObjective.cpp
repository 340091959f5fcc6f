#include "core/training/NoisePredictionObjective.h"

#include "core/api/Error.h"
#include "core/diffusion/StableDiffusionModel.h"

#include <torch/torch.h>

namespace fr2r::core {

NoisePredictionObjective::NoisePredictionObjective(StableDiffusionModel& model)
    : m_model(model)
    , m_alphasCumprod(model.scheduler().alphasCumprod())
{
    if (model.scheduler().config().predictionType != "epsilon")
        throw InvalidArgumentError("training: the scheduler predicts '" + model.scheduler().config().predictionType +
                                   "'; only epsilon prediction is trained");
    // Only what training adds (LoRA matrices, new embedding rows) learns; no gradient is kept for the model.
    for (auto* module : {static_cast<torch::nn::Module*>(model.textEncoder().get()),
                         static_cast<torch::nn::Module*>(model.unet().get()),
                         static_cast<torch::nn::Module*>(model.vae().get())})
        for (auto& parameter : module->parameters())
            parameter.requires_grad_(false);
}

LatentDistribution NoisePredictionObjective::distribution(const at::Tensor& pixels) const
{
    torch::NoGradGuard noGrad;
    const auto& compute = m_model.context();
    return m_model.vae()->encode(pixels.to(compute.device(), compute.dtype()));
}

at::Tensor NoisePredictionObjective::sample(const LatentDistribution& distribution, const at::Tensor& eps) const
{
    torch::NoGradGuard noGrad;
    const at::Tensor std = torch::exp(0.5 * distribution.logvar); // logvar is clamped to [-30, 20] by encode()
    return (distribution.mean + std * eps.to(std.options())) * m_model.scalingFactor();
}

at::Tensor NoisePredictionObjective::latents(const at::Tensor& pixels, const at::Tensor& eps) const
{
    return sample(distribution(pixels), eps);
}

at::Tensor NoisePredictionObjective::addNoise(const at::Tensor& latents, const at::Tensor& noise,
                                              const at::Tensor& timesteps) const
{
    const at::Tensor acp = m_alphasCumprod.index_select(0, timesteps.to(torch::kCPU, torch::kLong)); // [B] float64
    const auto column = [&](const at::Tensor& values) {
        return values.to(latents.options()).view({-1, 1, 1, 1});
    };
    return column(acp.sqrt()) * latents + column((1.0 - acp).sqrt()) * noise.to(latents.options());
}

at::Tensor NoisePredictionObjective::loss(const at::Tensor& latents, const at::Tensor& noise,
                                          const at::Tensor& timesteps, const at::Tensor& context) const
{
    const at::Tensor noisy = addNoise(latents, noise, timesteps);
    const at::Tensor t = timesteps.to(latents.device(), torch::kLong);
    const at::Tensor predicted = m_model.unet()->forward(noisy, t, context.to(latents.options()));
    return torch::mse_loss(predicted.to(torch::kFloat32), noise.to(predicted.device(), torch::kFloat32));
}

} // namespace fr2r::core
