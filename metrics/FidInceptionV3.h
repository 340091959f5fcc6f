#pragma once

#include "metrics/InceptionBlocks.h"

#include <torch/nn/modules/linear.h>

#include <string>

namespace fr2r::metrics {

// pytorch_fid.inception.fid_inception_v3 (TensorFlow's 2015-12-05 Inception graph as FID and KID use it,
// torch-fidelity's feature extractor) up to pool3. Parameter names are torchvision's Inception3 ones;
// the 1008-class fc is loaded but unused, there is no aux head.
class FidInceptionV3Impl : public torch::nn::Module
{
public:
    FidInceptionV3Impl();

    // images: [B, 3, H, W] in [0, 1] (any float dtype) -> pool3 features [B, 2048] (float32, on the model's device).
    at::Tensor features(const at::Tensor& images);

    at::Device device() const;

private:
    BasicConv2d m_conv1a{nullptr}, m_conv2a{nullptr}, m_conv2b{nullptr}, m_conv3b{nullptr}, m_conv4a{nullptr};
    FidInceptionA m_mixed5b{nullptr}, m_mixed5c{nullptr}, m_mixed5d{nullptr};
    InceptionB m_mixed6a{nullptr};
    FidInceptionC m_mixed6b{nullptr}, m_mixed6c{nullptr}, m_mixed6d{nullptr}, m_mixed6e{nullptr};
    InceptionD m_mixed7a{nullptr};
    FidInceptionE m_mixed7b{nullptr}, m_mixed7c{nullptr};
    torch::nn::Linear m_fc{nullptr};
};

// The module holder (as TORCH_MODULE(FidInceptionV3) would declare it) plus the loader.
class FidInceptionV3 : public torch::nn::ModuleHolder<FidInceptionV3Impl>
{
public:
    using torch::nn::ModuleHolder<FidInceptionV3Impl>::ModuleHolder;
    using Impl = FidInceptionV3Impl;

    // Reads fid_inception.safetensors (float16 on disk, computed in float32); throws ModelFormatError when
    // the file is missing or lacks a key.
    static FidInceptionV3 load(const std::string& path, const at::Device& device = at::kCPU);
};

} // namespace fr2r::metrics
