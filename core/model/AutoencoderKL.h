#pragma once

#include "core/io/AutoencoderConfig.h"
#include "core/model/Conv2d.h"
#include "core/model/VaeBlocks.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace fr2r::core {

// diffusers' DiagonalGaussianDistribution parameters, before scaling_factor is applied.
struct LatentDistribution
{
    at::Tensor mean;   // [B, latent, H/f, W/f]
    at::Tensor logvar; // [B, latent, H/f, W/f], clamped to [-30, 20]
};

// diffusers.models.autoencoders.autoencoder_kl.AutoencoderKL (no tiling or slicing: callers tile).
// encode() and decode() only read the weights, so tiles may call them one after another.
class AutoencoderKLImpl : public torch::nn::Module
{
public:
    explicit AutoencoderKLImpl(const AutoencoderConfig& config);

    // image [B, in, H, W] in [-1, 1], cast to the weights' dtype and device. Throws InvalidArgumentError on a bad shape.
    LatentDistribution encode(const at::Tensor& image);
    // latent [B, latent, h, w] (already divided by scaling_factor) -> [B, out, h * f, w * f], roughly in [-1, 1].
    at::Tensor decode(const at::Tensor& latent);

    const AutoencoderConfig& config() const { return m_config; }
    int64_t downscaleFactor() const; // f = 2^(levels - 1)

private:
    at::Tensor toWeights(const at::Tensor& input, int64_t channels, const char* what) const;

    AutoencoderConfig m_config;
    VaeEncoder m_encoder{nullptr};
    VaeDecoder m_decoder{nullptr};
    Conv2d m_quantConv{nullptr};
    Conv2d m_postQuantConv{nullptr};
};
TORCH_MODULE(AutoencoderKL);

} // namespace fr2r::core
