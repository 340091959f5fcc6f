#pragma once

#include "core/api/StopCheck.h"
#include "core/io/AutoencoderConfig.h"
#include "core/model/Conv2d.h"
#include "core/model/GroupNormStatistics.h"
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

    // encode() and decode() in two stages each, for tiling: the stages that see the whole image at the latent
    // size (the mid block's attention) and the convolutional ones that can run tile by tile.
    at::Tensor encodeFeatures(const at::Tensor& image);        // image -> [B, Clast, H/f, W/f] (tileable)
    LatentDistribution encodeHead(const at::Tensor& features); // -> encode()'s result
    at::Tensor decodeTrunk(const at::Tensor& latent);          // latent -> [B, Clast, h, w]
    at::Tensor decodeFeatures(const at::Tensor& trunk);        // -> decode()'s result (tileable)

    // Every GroupNorm of the VAE normalises with these shared statistics (nullptr: its own, the default).
    void setGroupNormStatistics(GroupNormStatistics* statistics);
    // Called before every stage below and inside attentions, so a cancelled job stops between stages and tiles.
    void setStopCheck(const StopCheck& check);

    const AutoencoderConfig& config() const { return m_config; }
    int64_t downscaleFactor() const; // f = 2^(levels - 1)

private:
    at::Tensor toWeights(const at::Tensor& input, int64_t channels, const char* what) const;

    AutoencoderConfig m_config;
    StopCheck m_stopCheck;
    VaeEncoder m_encoder{nullptr};
    VaeDecoder m_decoder{nullptr};
    Conv2d m_quantConv{nullptr};
    Conv2d m_postQuantConv{nullptr};
};
TORCH_MODULE(AutoencoderKL);

// The dtype the VAE of a model running in `modelDtype` computes in. float16 overflows in the SD VAE's decoder, so
// a config with force_upcast runs it in float32 then, as diffusers' pipelines do. bfloat16 has float32's range
// and decodes within the golden tolerance (its GroupNorms compute in float32), so it stays bfloat16.
at::ScalarType autoencoderDtype(const AutoencoderConfig& config, at::ScalarType modelDtype);

} // namespace fr2r::core
