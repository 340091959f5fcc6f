#include "core/model/UNet2DConditionModel.h"

#include "core/model/Attention.h"

#include <ATen/ATen.h>

namespace fr2r::core {

UNet2DConditionModelImpl::UNet2DConditionModelImpl(const UNetConfig& config)
    : m_config(config)
{
    const std::vector<int>& channels = config.blockOutChannels;
    const int levels = int(channels.size());
    const int64_t timeDim = channels[0] * 4;
    m_convIn = register_module("conv_in", Conv2d(torch::nn::Conv2dOptions(config.inChannels, channels[0], 3).padding(1)));
    m_timeEmbedding = register_module("time_embedding", TimestepEmbedding(channels[0], timeDim));

    UNetBlockOptions common;
    common.tembChannels = timeDim;
    common.groups = config.normNumGroups;
    common.eps = config.normEps;
    common.crossAttentionDim = config.crossAttentionDim;
    common.transformerLayers = config.transformerLayersPerBlock;
    common.useLinearProjection = config.useLinearProjection;

    m_downBlocks = register_module("down_blocks", torch::nn::ModuleList());
    for (int i = 0; i < levels; ++i) {
        UNetBlockOptions block = common;
        block.inChannels = channels[std::max(i - 1, 0)];
        block.outChannels = channels[i];
        block.layers = config.layersPerBlock;
        block.crossAttention = config.downBlockTypes[i] == "CrossAttnDownBlock2D";
        block.heads = config.attentionHeadDim[i];
        block.addSampler = i < levels - 1;
        DownBlock2D down(block);
        assignAttentionSites(*down, i, false);
        m_downBlocks->push_back(down);
    }

    UNetBlockOptions mid = common;
    mid.inChannels = channels[levels - 1];
    mid.layers = 1;
    mid.heads = config.attentionHeadDim[levels - 1];
    m_midBlock = register_module("mid_block", UNetMidBlock2DCrossAttn(mid));
    assignAttentionSites(*m_midBlock, levels - 1, true);

    m_upBlocks = register_module("up_blocks", torch::nn::ModuleList());
    for (int i = 0; i < levels; ++i) {
        const int level = levels - 1 - i;
        UNetBlockOptions block = common;
        block.prevOutputChannels = channels[std::min(level + 1, levels - 1)];
        block.outChannels = channels[level];
        block.inChannels = channels[std::max(level - 1, 0)];
        block.layers = config.layersPerBlock + 1;
        block.crossAttention = config.upBlockTypes[i] == "CrossAttnUpBlock2D";
        block.heads = config.attentionHeadDim[level];
        block.addSampler = i < levels - 1;
        UpBlock2D up(block);
        assignAttentionSites(*up, level, false);
        m_upBlocks->push_back(up);
    }

    m_convNormOut = register_module(
        "conv_norm_out", GroupNorm(config.normNumGroups, channels[0], config.normEps));
    m_convOut = register_module("conv_out", Conv2d(torch::nn::Conv2dOptions(channels[0], config.outChannels, 3).padding(1)));
}

void UNet2DConditionModelImpl::assignAttentionSites(torch::nn::Module& block, int level, bool isMidBlock)
{
    for (const auto& module : block.modules(false)) {
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module)) {
            AttentionSite site = attention->site();
            site.level = level;
            site.isMidBlock = isMidBlock;
            attention->setSite(site);
        }
    }
}

void UNet2DConditionModelImpl::setAttentionControl(AttentionControl* control)
{
    for (const auto& module : modules(false))
        if (auto attention = std::dynamic_pointer_cast<AttentionImpl>(module))
            attention->setControl(control);
}

void UNet2DConditionModelImpl::setStopCheck(const StopCheck& check)
{
    m_stopCheck = check;
    setAttentionStopCheck(*this, check);
}

void UNet2DConditionModelImpl::setGradientCheckpointing(bool on)
{
    for (const auto& block : *m_downBlocks)
        block->as<DownBlock2DImpl>()->setGradientCheckpointing(on);
    m_midBlock->setGradientCheckpointing(on);
    for (const auto& block : *m_upBlocks)
        block->as<UpBlock2DImpl>()->setGradientCheckpointing(on);
}

void UNet2DConditionModelImpl::setAttentionChunkSize(int64_t queryChunk)
{
    setQueryChunkSize(*this, queryChunk);
}

at::Tensor UNet2DConditionModelImpl::forward(const at::Tensor& sample, const at::Tensor& timesteps,
                                             const at::Tensor& context)
{
    const auto weights = m_convIn->weight.options();
    const at::Tensor x = sample.to(weights).contiguous(m_convIn->weight.suggest_memory_format()); // [B, in, h, w], as the weights
    const at::Tensor c = context.to(weights);  // [B, S, D]
    const int64_t batch = x.size(0);
    const at::Tensor t = timesteps.dim() == 0 ? timesteps.reshape({1}).expand({batch}) : timesteps; // [B]

    const at::Tensor features = TimestepEmbeddingImpl::sinusoidal(t.to(x.device()), m_config.blockOutChannels[0],
                                                                  m_config.flipSinToCos, m_config.freqShift);
    const at::Tensor temb = m_timeEmbedding(features.to(weights)); // [B, 4 * C0]

    at::Tensor h = m_convIn(x); // [B, C0, h, w]
    std::vector<at::Tensor> skips{h};
    for (const auto& block : *m_downBlocks) {
        checkStop(m_stopCheck);
        h = block->as<DownBlock2DImpl>()->forward(h, temb, c, skips);
    }
    checkStop(m_stopCheck);
    h = m_midBlock(h, temb, c); // [B, Clast, h / 2^(n-1), w / 2^(n-1)]
    for (const auto& block : *m_upBlocks) {
        checkStop(m_stopCheck);
        h = block->as<UpBlock2DImpl>()->forward(h, temb, c, skips);
    }
    h = m_convOut(m_convNormOut->forwardSilu(h)); // [B, out, h, w]
    return h.to(sample.scalar_type());
}

} // namespace fr2r::core
