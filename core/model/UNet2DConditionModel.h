#pragma once

#include "core/api/StopCheck.h"
#include "core/io/UNetConfig.h"
#include "core/model/AttentionControl.h"
#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"
#include "core/model/TimestepEmbedding.h"
#include "core/model/UNetBlocks.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// Ports diffusers.UNet2DConditionModel for SD 1.x/2.x configs; parameter names equal the diffusers keys.
// Sizes come from the config only. Callers wrap inference in torch::InferenceMode (training needs autograd).
class UNet2DConditionModelImpl : public torch::nn::Module
{
public:
    explicit UNet2DConditionModelImpl(const UNetConfig& config);

    // sample [B, in, h, w] (any float dtype; returned in it), timesteps [B] or a scalar, context [B, S, D]
    // -> noise prediction [B, out, h, w]. Inputs are cast to the weights' dtype and device.
    at::Tensor forward(const at::Tensor& sample, const at::Tensor& timesteps, const at::Tensor& context);

    // The hook every self-attention layer calls with its projected queries and keys; nullptr = off.
    void setAttentionControl(AttentionControl* control);
    // Queries per attention kernel call, to bound memory at large sizes; 0 = all at once.
    void setAttentionChunkSize(int64_t queryChunk);
    // Called before every down, mid and up block and inside attentions, so a cancelled job stops at once.
    void setStopCheck(const StopCheck& check);
    // Every resnet and transformer of the down, mid and up blocks as a GradientCheckpoint while gradients are on:
    // training keeps only the blocks' inputs and recomputes the rest during backward. Inference is unchanged.
    void setGradientCheckpointing(bool on);

    const UNetConfig& config() const { return m_config; }

private:
    void assignAttentionSites(torch::nn::Module& block, int level, bool isMidBlock);

    UNetConfig m_config;
    StopCheck m_stopCheck;
    Conv2d m_convIn{nullptr};
    TimestepEmbedding m_timeEmbedding{nullptr};
    torch::nn::ModuleList m_downBlocks{nullptr};
    UNetMidBlock2DCrossAttn m_midBlock{nullptr};
    torch::nn::ModuleList m_upBlocks{nullptr};
    GroupNorm m_convNormOut{nullptr};
    Conv2d m_convOut{nullptr};
};
TORCH_MODULE(UNet2DConditionModel);

} // namespace fr2r::core
