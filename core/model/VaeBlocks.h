#pragma once

#include "core/io/AutoencoderConfig.h"
#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// The VAE's building blocks: its down/up/mid blocks (diffusers unet_2d_blocks) and its Encoder and
// Decoder (diffusers models/autoencoders/vae.py). Parameter names equal diffusers' keys below encoder./decoder.

// diffusers.models.unets.unet_2d_blocks.DownEncoderBlock2D: resnets.N, downsamplers.0 (stride-2 conv, pad right/bottom).
class DownEncoderBlock2DImpl : public torch::nn::Module
{
public:
    DownEncoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int numLayers, int groups, bool addDownsample);
    at::Tensor forward(const at::Tensor& input); // [B, Cin, H, W] -> [B, Cout, H/2, W/2] (H, W without downsampler)

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_downsamplers{nullptr};
};
TORCH_MODULE(DownEncoderBlock2D);

// diffusers.models.unets.unet_2d_blocks.UpDecoderBlock2D: resnets.N, upsamplers.0 (nearest x2 + conv).
class UpDecoderBlock2DImpl : public torch::nn::Module
{
public:
    UpDecoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int numLayers, int groups, bool addUpsample);
    at::Tensor forward(const at::Tensor& input); // [B, Cin, H, W] -> [B, Cout, 2H, 2W] (H, W without upsampler)

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_upsamplers{nullptr};
};
TORCH_MODULE(UpDecoderBlock2D);

// diffusers.models.unets.unet_2d_blocks.UNetMidBlock2D without time embedding, as the VAE builds it:
// resnets.0, then attentions.0 (single head, group norm, residual) and resnets.1.
class VaeMidBlock2DImpl : public torch::nn::Module
{
public:
    VaeMidBlock2DImpl(int64_t channels, int groups, bool addAttention);
    at::Tensor forward(const at::Tensor& input); // [B, C, H, W] -> [B, C, H, W]

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_attentions{nullptr}; // empty when mid_block_add_attention is false
};
TORCH_MODULE(VaeMidBlock2D);

// diffusers.models.autoencoders.vae.Encoder with double_z: conv_in, down_blocks, mid_block, conv_norm_out, conv_out.
class VaeEncoderImpl : public torch::nn::Module
{
public:
    explicit VaeEncoderImpl(const AutoencoderConfig& config);
    at::Tensor forward(const at::Tensor& image); // [B, in, H, W] -> [B, 2 * latent, H/f, W/f]

    // forward() in two stages: the local one (convolutions only, tileable) and the global one (mid-block attention).
    at::Tensor features(const at::Tensor& image);  // conv_in, down_blocks: [B, in, H, W] -> [B, Clast, H/f, W/f]
    at::Tensor head(const at::Tensor& features);   // mid_block, conv_norm_out, conv_out -> [B, 2 * latent, H/f, W/f]

private:
    Conv2d m_convIn{nullptr};
    torch::nn::ModuleList m_downBlocks{nullptr};
    VaeMidBlock2D m_midBlock{nullptr};
    GroupNorm m_convNormOut{nullptr};
    Conv2d m_convOut{nullptr};
};
TORCH_MODULE(VaeEncoder);

// diffusers.models.autoencoders.vae.Decoder: conv_in, mid_block, up_blocks (layers_per_block + 1 resnets each),
// conv_norm_out, conv_out.
class VaeDecoderImpl : public torch::nn::Module
{
public:
    explicit VaeDecoderImpl(const AutoencoderConfig& config);
    at::Tensor forward(const at::Tensor& latent); // [B, latent, h, w] -> [B, out, h * f, w * f]

    // forward() in two stages: the global one (mid-block attention) and the local one (tileable).
    at::Tensor trunk(const at::Tensor& latent);      // conv_in, mid_block: -> [B, Clast, h, w]
    at::Tensor upsample(const at::Tensor& features); // up_blocks, conv_norm_out, conv_out -> [B, out, h * f, w * f]

private:
    Conv2d m_convIn{nullptr};
    VaeMidBlock2D m_midBlock{nullptr};
    torch::nn::ModuleList m_upBlocks{nullptr};
    GroupNorm m_convNormOut{nullptr};
    Conv2d m_convOut{nullptr};
};
TORCH_MODULE(VaeDecoder);

} // namespace fr2r::core
