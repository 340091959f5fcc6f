#include "core/model/AutoencoderKL.h"

#include "core/api/Error.h"
#include "core/model/Attention.h"
#include "core/model/GroupNorm.h"

#include <string>

namespace fr2r::core {

AutoencoderKLImpl::AutoencoderKLImpl(const AutoencoderConfig& config)
    : m_config(config)
{
    const int64_t moments = 2 * config.latentChannels;
    m_encoder = register_module("encoder", VaeEncoder(config));
    m_decoder = register_module("decoder", VaeDecoder(config));
    if (config.useQuantConv)
        m_quantConv = register_module("quant_conv", Conv2d(torch::nn::Conv2dOptions(moments, moments, 1)));
    if (config.usePostQuantConv)
        m_postQuantConv = register_module(
            "post_quant_conv", Conv2d(torch::nn::Conv2dOptions(config.latentChannels, config.latentChannels, 1)));
}

// diffusers AutoencoderKL._encode + DiagonalGaussianDistribution.__init__
LatentDistribution AutoencoderKLImpl::encode(const at::Tensor& image)
{
    return encodeHead(encodeFeatures(image));
}

// diffusers AutoencoderKL._decode
at::Tensor AutoencoderKLImpl::decode(const at::Tensor& latent)
{
    return decodeFeatures(decodeTrunk(latent));
}

at::Tensor AutoencoderKLImpl::encodeFeatures(const at::Tensor& image)
{
    checkStop(m_stopCheck);
    return m_encoder->features(toWeights(image, m_config.inChannels, "image")); // [B, Clast, h, w]
}

LatentDistribution AutoencoderKLImpl::encodeHead(const at::Tensor& features)
{
    checkStop(m_stopCheck);
    at::Tensor moments = m_encoder->head(toWeights(features, m_config.blockOutChannels.back(), "features"));
    if (m_quantConv)
        moments = m_quantConv(moments); // [B, 2 * latent, h, w]
    auto halves = moments.chunk(2, 1);  // 2 x [B, latent, h, w]
    return {halves[0].contiguous(), halves[1].clamp(-30.0, 20.0).contiguous()};
}

at::Tensor AutoencoderKLImpl::decodeTrunk(const at::Tensor& latent)
{
    checkStop(m_stopCheck);
    at::Tensor z = toWeights(latent, m_config.latentChannels, "latent"); // [B, latent, h, w]
    if (m_postQuantConv)
        z = m_postQuantConv(z);
    return m_decoder->trunk(z); // [B, Clast, h, w]
}

at::Tensor AutoencoderKLImpl::decodeFeatures(const at::Tensor& trunk)
{
    checkStop(m_stopCheck);
    return m_decoder->upsample(toWeights(trunk, m_config.blockOutChannels.back(), "features")).contiguous();
}

void AutoencoderKLImpl::setStopCheck(const StopCheck& check)
{
    m_stopCheck = check;
    setAttentionStopCheck(*this, check);
}

void AutoencoderKLImpl::setGroupNormStatistics(GroupNormStatistics* statistics)
{
    for (const auto& module : modules(false))
        if (auto norm = std::dynamic_pointer_cast<GroupNormImpl>(module))
            norm->setStatistics(statistics);
}

at::ScalarType autoencoderDtype(const AutoencoderConfig& config, at::ScalarType modelDtype)
{
    return config.forceUpcast && modelDtype == at::kHalf ? at::kFloat : modelDtype;
}

int64_t AutoencoderKLImpl::downscaleFactor() const
{
    return int64_t(1) << (m_config.blockOutChannels.size() - 1);
}

at::Tensor AutoencoderKLImpl::toWeights(const at::Tensor& input, int64_t channels, const char* what) const
{
    if (!input.defined() || input.dim() != 4 || input.size(1) != channels)
        throw InvalidArgumentError(std::string("VAE: the ") + what + " must be a [batch, " + std::to_string(channels)
                                   + ", height, width] tensor");
    const at::Tensor weight = m_encoder->parameters().front(); // a copy: parameters() returns a temporary
    // Channels-last runs the convolutions fastest on the CPU (oneDNN) and keeps GroupNorm exact in bf16/fp16.
    return input.to(weight.device(), weight.scalar_type()).contiguous(at::MemoryFormat::ChannelsLast);
}

} // namespace fr2r::core
