#pragma once

#include "core/model/Downsample2D.h"
#include "core/model/ResnetBlock2D.h"
#include "core/model/TransformerBlocks.h"
#include "core/model/Upsample2D.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace fr2r::core {

// Constructor arguments shared by diffusers' get_down_block / get_up_block / mid block for SD 1.x UNets.
struct UNetBlockOptions
{
    int64_t inChannels = 0;
    int64_t outChannels = 0;
    int64_t prevOutputChannels = 0; // up blocks: channels coming from the block below
    int64_t tembChannels = 0;
    int64_t layers = 2;             // resnets per block (up blocks: layers_per_block + 1)
    int64_t groups = 32;
    double eps = 1e-5;
    bool crossAttention = true;     // false: DownBlock2D / UpBlock2D (no attentions)
    int64_t heads = 8;
    int64_t crossAttentionDim = 768;
    int64_t transformerLayers = 1;
    bool useLinearProjection = false;
    bool addSampler = true;         // downsamplers / upsamplers (all but the last level)
};

// Ports diffusers' CrossAttnDownBlock2D (crossAttention true) and DownBlock2D (false): resnets,
// attentions, downsamplers.
class DownBlock2DImpl : public torch::nn::Module
{
public:
    explicit DownBlock2DImpl(const UNetBlockOptions& options);

    // [B, Cin, H, W] -> [B, Cout, H/2, W/2] (or H, W without a downsampler); appends every output state to skips.
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& temb, const at::Tensor& context,
                       std::vector<at::Tensor>& skips);

    // Each resnet and transformer as a GradientCheckpoint while gradients are on (training saves memory).
    void setGradientCheckpointing(bool on) { m_checkpointing = on; }

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_attentions{nullptr};
    bool m_checkpointing = false;
    torch::nn::ModuleList m_downsamplers{nullptr};
};
TORCH_MODULE(DownBlock2D);

// Ports diffusers' UNetMidBlock2DCrossAttn: resnet, then (attention, resnet) per layer.
class UNetMidBlock2DCrossAttnImpl : public torch::nn::Module
{
public:
    explicit UNetMidBlock2DCrossAttnImpl(const UNetBlockOptions& options); // uses inChannels, layers = attention count

    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& temb, const at::Tensor& context); // [B, C, H, W]

    // Each resnet and transformer as a GradientCheckpoint while gradients are on (training saves memory).
    void setGradientCheckpointing(bool on) { m_checkpointing = on; }

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_attentions{nullptr};
    bool m_checkpointing = false;
};
TORCH_MODULE(UNetMidBlock2DCrossAttn);

// Ports diffusers' CrossAttnUpBlock2D (crossAttention true) and UpBlock2D (false): resnets fed with
// the concatenated skip connections, attentions, upsamplers.
class UpBlock2DImpl : public torch::nn::Module
{
public:
    explicit UpBlock2DImpl(const UNetBlockOptions& options);

    // Consumes one skip per resnet from the back of skips; upsamples to the size of the next remaining skip.
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& temb, const at::Tensor& context,
                       std::vector<at::Tensor>& skips);

    // Each resnet and transformer as a GradientCheckpoint while gradients are on (training saves memory).
    void setGradientCheckpointing(bool on) { m_checkpointing = on; }

private:
    torch::nn::ModuleList m_resnets{nullptr};
    torch::nn::ModuleList m_attentions{nullptr};
    bool m_checkpointing = false;
    torch::nn::ModuleList m_upsamplers{nullptr};
};
TORCH_MODULE(UpBlock2D);

} // namespace fr2r::core
