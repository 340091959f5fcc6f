#include "core/model/VaeBlocks.h"

#include "core/model/Attention.h"
#include "core/model/Downsample2D.h"
#include "core/model/GroupNorm.h"
#include "core/model/ResnetBlock2D.h"
#include "core/model/Upsample2D.h"

namespace fr2r::core {
namespace {

constexpr double kVaeEps = 1e-6; // diffusers builds every VAE norm with eps 1e-6

ResnetBlock2D vaeResnet(int64_t inChannels, int64_t outChannels, int groups)
{
    ResnetBlock2DOptions options;
    options.inChannels = inChannels;
    options.outChannels = outChannels;
    options.groups = groups;
    options.eps = kVaeEps;
    return ResnetBlock2D(options);
}

at::Tensor runResnets(const torch::nn::ModuleList& resnets, at::Tensor hidden)
{
    for (const auto& resnet : *resnets)
        hidden = resnet->as<ResnetBlock2DImpl>()->forward(hidden); // [B, C, H, W]
    return hidden;
}

Conv2d conv3x3(int64_t inChannels, int64_t outChannels)
{
    return Conv2d(torch::nn::Conv2dOptions(inChannels, outChannels, 3).padding(1));
}

} // namespace

DownEncoderBlock2DImpl::DownEncoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int numLayers, int groups,
                                               bool addDownsample)
{
    m_resnets = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < numLayers; ++i)
        m_resnets->push_back(vaeResnet(i == 0 ? inChannels : outChannels, outChannels, groups));
    m_downsamplers = register_module("downsamplers", torch::nn::ModuleList());
    if (addDownsample) {
        Downsample2DOptions options;
        options.channels = outChannels;
        options.padding = 0;
        m_downsamplers->push_back(Downsample2D(options));
    }
}

at::Tensor DownEncoderBlock2DImpl::forward(const at::Tensor& input)
{
    at::Tensor hidden = runResnets(m_resnets, input); // [B, Cout, H, W]
    for (const auto& downsampler : *m_downsamplers)
        hidden = downsampler->as<Downsample2DImpl>()->forward(hidden); // [B, Cout, H/2, W/2]
    return hidden;
}

UpDecoderBlock2DImpl::UpDecoderBlock2DImpl(int64_t inChannels, int64_t outChannels, int numLayers, int groups,
                                           bool addUpsample)
{
    m_resnets = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < numLayers; ++i)
        m_resnets->push_back(vaeResnet(i == 0 ? inChannels : outChannels, outChannels, groups));
    m_upsamplers = register_module("upsamplers", torch::nn::ModuleList());
    if (addUpsample) {
        Upsample2DOptions options;
        options.channels = outChannels;
        m_upsamplers->push_back(Upsample2D(options));
    }
}

at::Tensor UpDecoderBlock2DImpl::forward(const at::Tensor& input)
{
    at::Tensor hidden = runResnets(m_resnets, input); // [B, Cout, H, W]
    for (const auto& upsampler : *m_upsamplers)
        hidden = upsampler->as<Upsample2DImpl>()->forward(hidden); // [B, Cout, 2H, 2W]
    return hidden;
}

VaeMidBlock2DImpl::VaeMidBlock2DImpl(int64_t channels, int groups, bool addAttention)
{
    m_resnets = register_module("resnets", torch::nn::ModuleList(vaeResnet(channels, channels, groups),
                                                                 vaeResnet(channels, channels, groups)));
    m_attentions = register_module("attentions", torch::nn::ModuleList());
    if (addAttention) {
        // diffusers: heads = channels / attention_head_dim with attention_head_dim = channels.
        AttentionOptions options;
        options.queryDim = channels;
        options.heads = 1;
        options.dimHead = channels;
        options.bias = true;
        options.normNumGroups = groups;
        options.normEps = kVaeEps;
        options.residualConnection = true;
        m_attentions->push_back(Attention(options));
    }
}

at::Tensor VaeMidBlock2DImpl::forward(const at::Tensor& input)
{
    at::Tensor hidden = m_resnets[0]->as<ResnetBlock2DImpl>()->forward(input); // [B, C, H, W]
    for (const auto& attention : *m_attentions)
        hidden = attention->as<AttentionImpl>()->forward(hidden);     // [B, C, H, W]
    return m_resnets[1]->as<ResnetBlock2DImpl>()->forward(hidden); // [B, C, H, W]
}

VaeEncoderImpl::VaeEncoderImpl(const AutoencoderConfig& config)
{
    const auto& channels = config.blockOutChannels;
    const int groups = config.normNumGroups;
    m_convIn = register_module("conv_in", conv3x3(config.inChannels, channels.front()));
    m_downBlocks = register_module("down_blocks", torch::nn::ModuleList());
    for (size_t i = 0; i < channels.size(); ++i) {
        const int64_t in = i == 0 ? channels.front() : channels[i - 1];
        const bool last = i + 1 == channels.size();
        m_downBlocks->push_back(DownEncoderBlock2D(in, channels[i], config.layersPerBlock, groups, !last));
    }
    m_midBlock = register_module("mid_block", VaeMidBlock2D(channels.back(), groups, config.midBlockAddAttention));
    m_convNormOut = register_module("conv_norm_out", GroupNorm(groups, channels.back(), kVaeEps));
    m_convOut = register_module("conv_out", conv3x3(channels.back(), 2 * config.latentChannels));
}

at::Tensor VaeEncoderImpl::forward(const at::Tensor& image)
{
    return head(features(image));
}

at::Tensor VaeEncoderImpl::features(const at::Tensor& image)
{
    at::Tensor hidden = m_convIn(image); // [B, C0, H, W]
    for (const auto& block : *m_downBlocks)
        hidden = block->as<DownEncoderBlock2DImpl>()->forward(hidden); // [B, Ci, H/2^i, W/2^i]
    return hidden;                                                     // [B, Clast, H/f, W/f]
}

at::Tensor VaeEncoderImpl::head(const at::Tensor& features)
{
    const at::Tensor hidden = m_midBlock(features);    // [B, Clast, H/f, W/f]
    return m_convNormOut->forwardSiluConv(hidden, *m_convOut); // [B, 2 * latent, H/f, W/f]
}

VaeDecoderImpl::VaeDecoderImpl(const AutoencoderConfig& config)
{
    const auto& channels = config.blockOutChannels;
    const int groups = config.normNumGroups;
    m_convIn = register_module("conv_in", conv3x3(config.latentChannels, channels.back()));
    m_midBlock = register_module("mid_block", VaeMidBlock2D(channels.back(), groups, config.midBlockAddAttention));
    m_upBlocks = register_module("up_blocks", torch::nn::ModuleList());
    for (size_t i = 0; i < channels.size(); ++i) {
        const size_t level = channels.size() - 1 - i; // up block i mirrors down block (levels - 1 - i)
        const int64_t in = i == 0 ? channels.back() : channels[level + 1];
        const bool last = level == 0;
        m_upBlocks->push_back(UpDecoderBlock2D(in, channels[level], config.layersPerBlock + 1, groups, !last));
    }
    m_convNormOut = register_module("conv_norm_out", GroupNorm(groups, channels.front(), kVaeEps));
    m_convOut = register_module("conv_out", conv3x3(channels.front(), config.outChannels));
}

at::Tensor VaeDecoderImpl::forward(const at::Tensor& latent)
{
    return upsample(trunk(latent));
}

at::Tensor VaeDecoderImpl::trunk(const at::Tensor& latent)
{
    return m_midBlock(m_convIn(latent)); // [B, Clast, h, w]
}

at::Tensor VaeDecoderImpl::upsample(const at::Tensor& features)
{
    at::Tensor hidden = features;
    for (const auto& block : *m_upBlocks)
        hidden = block->as<UpDecoderBlock2DImpl>()->forward(hidden); // [B, Ci, h * 2^i, w * 2^i]
    return m_convNormOut->forwardSiluConv(hidden, *m_convOut);         // [B, out, h * f, w * f]
}

} // namespace fr2r::core
