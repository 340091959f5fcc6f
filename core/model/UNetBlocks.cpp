#include "core/model/UNetBlocks.h"

#include "core/model/GradientCheckpoint.h"

#include <ATen/ATen.h>

#include <functional>

namespace fr2r::core {
namespace {

ResnetBlock2D makeResnet(const UNetBlockOptions& options, int64_t in, int64_t out)
{
    ResnetBlock2DOptions resnet;
    resnet.inChannels = in;
    resnet.outChannels = out;
    resnet.tembChannels = options.tembChannels;
    resnet.groups = options.groups;
    resnet.eps = options.eps;
    return ResnetBlock2D(resnet);
}

Transformer2DModel makeTransformer(const UNetBlockOptions& options, int64_t channels)
{
    Transformer2DOptions transformer;
    transformer.channels = channels;
    transformer.heads = options.heads;
    transformer.crossAttentionDim = options.crossAttentionDim;
    transformer.layers = options.transformerLayers;
    transformer.normGroups = options.groups;
    transformer.useLinearProjection = options.useLinearProjection;
    return Transformer2DModel(transformer);
}

// checkpoint: through GradientCheckpoint, which itself leaves a pass without gradients (inference) alone.
at::Tensor runResnet(const torch::nn::ModuleList& list, size_t i, const at::Tensor& hidden, const at::Tensor& temb,
                     bool checkpoint)
{
    auto resnet = std::dynamic_pointer_cast<ResnetBlock2DImpl>(list->ptr(i));
    if (!checkpoint)
        return resnet->forward(hidden, temb);
    const auto block = [resnet](const std::vector<at::Tensor>& in) { return resnet->forward(in[0], in[1]); };
    return GradientCheckpoint::run(block, {hidden, temb});
}

at::Tensor runAttention(const torch::nn::ModuleList& list, size_t i, const at::Tensor& hidden,
                        const at::Tensor& context, bool checkpoint)
{
    auto transformer = std::dynamic_pointer_cast<Transformer2DModelImpl>(list->ptr(i));
    if (!checkpoint)
        return transformer->forward(hidden, context);
    const auto block = [transformer](const std::vector<at::Tensor>& in) { return transformer->forward(in[0], in[1]); };
    return GradientCheckpoint::run(block, {hidden, context});
}

// resnets.N and, with cross-attention, attentions.N: the layers down and up blocks share. resnetIn(i) gives
// resnet i's input channels, the one thing in which the two kinds of block differ.
void addLayers(torch::nn::Module& block, const UNetBlockOptions& options, const std::function<int64_t(int64_t)>& resnetIn,
               torch::nn::ModuleList& resnets, torch::nn::ModuleList& attentions)
{
    resnets = block.register_module("resnets", torch::nn::ModuleList());
    if (options.crossAttention)
        attentions = block.register_module("attentions", torch::nn::ModuleList());
    for (int64_t i = 0; i < options.layers; ++i) {
        resnets->push_back(makeResnet(options, resnetIn(i), options.outChannels));
        if (attentions)
            attentions->push_back(makeTransformer(options, options.outChannels));
    }
}

} // namespace

DownBlock2DImpl::DownBlock2DImpl(const UNetBlockOptions& options)
{
    addLayers(*this, options, [&](int64_t i) { return i == 0 ? options.inChannels : options.outChannels; }, m_resnets,
              m_attentions);
    if (options.addSampler) {
        Downsample2DOptions down;
        down.channels = options.outChannels;
        m_downsamplers = register_module("downsamplers", torch::nn::ModuleList(Downsample2D(down)));
    }
}

at::Tensor DownBlock2DImpl::forward(const at::Tensor& hidden, const at::Tensor& temb, const at::Tensor& context,
                                    std::vector<at::Tensor>& skips)
{
    at::Tensor h = hidden;
    for (size_t i = 0; i < m_resnets->size(); ++i) {
        h = runResnet(m_resnets, i, h, temb, m_checkpointing); // [B, Cout, H, W]
        if (m_attentions)
            h = runAttention(m_attentions, i, h, context, m_checkpointing);
        skips.push_back(h);
    }
    if (m_downsamplers) {
        h = m_downsamplers[0]->as<Downsample2DImpl>()->forward(h); // [B, Cout, H/2, W/2]
        skips.push_back(h);
    }
    return h;
}

UNetMidBlock2DCrossAttnImpl::UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& options)
{
    m_resnets = register_module("resnets", torch::nn::ModuleList());
    m_attentions = register_module("attentions", torch::nn::ModuleList());
    m_resnets->push_back(makeResnet(options, options.inChannels, options.inChannels));
    for (int64_t i = 0; i < options.layers; ++i) {
        m_attentions->push_back(makeTransformer(options, options.inChannels));
        m_resnets->push_back(makeResnet(options, options.inChannels, options.inChannels));
    }
}

at::Tensor UNetMidBlock2DCrossAttnImpl::forward(const at::Tensor& hidden, const at::Tensor& temb,
                                                const at::Tensor& context)
{
    at::Tensor h = runResnet(m_resnets, 0, hidden, temb, m_checkpointing); // [B, C, H, W]
    for (size_t i = 0; i < m_attentions->size(); ++i) {
        h = runAttention(m_attentions, i, h, context, m_checkpointing);
        h = runResnet(m_resnets, i + 1, h, temb, m_checkpointing);
    }
    return h;
}

UpBlock2DImpl::UpBlock2DImpl(const UNetBlockOptions& options)
{
    // Each resnet takes the previous output concatenated with a skip connection of the down path.
    addLayers(*this, options, [&](int64_t i) {
        const int64_t skipChannels = i == options.layers - 1 ? options.inChannels : options.outChannels;
        return (i == 0 ? options.prevOutputChannels : options.outChannels) + skipChannels;
    }, m_resnets, m_attentions);
    if (options.addSampler) {
        Upsample2DOptions up;
        up.channels = options.outChannels;
        m_upsamplers = register_module("upsamplers", torch::nn::ModuleList(Upsample2D(up)));
    }
}

at::Tensor UpBlock2DImpl::forward(const at::Tensor& hidden, const at::Tensor& temb, const at::Tensor& context,
                                  std::vector<at::Tensor>& skips)
{
    at::Tensor h = hidden;
    for (size_t i = 0; i < m_resnets->size(); ++i) {
        h = at::cat({h, skips.back()}, 1); // [B, C + Cskip, H, W]
        skips.pop_back();
        h = runResnet(m_resnets, i, h, temb, m_checkpointing); // [B, Cout, H, W]
        if (m_attentions)
            h = runAttention(m_attentions, i, h, context, m_checkpointing);
    }
    if (m_upsamplers) {
        const at::IntArrayRef size = skips.empty() ? at::IntArrayRef{} : skips.back().sizes().slice(2);
        h = m_upsamplers[0]->as<Upsample2DImpl>()->forward(h, size); // [B, Cout, 2H, 2W]
    }
    return h;
}

} // namespace fr2r::core
