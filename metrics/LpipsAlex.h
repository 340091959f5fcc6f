#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace fr2r::metrics {

// lpips.LPIPS(net="alex", version="0.1"): torchvision AlexNet features (convs 0, 3, 6, 8, 10 with their
// ReLUs) and the NetLinLayer heads lin0..lin4. Parameter names are the lpips package's:
// features.0.weight, ..., lin0.model.1.weight.
class LpipsAlexImpl : public torch::nn::Module
{
public:
    LpipsAlexImpl();

    // x0, x1: [B, 3, H, W] in [-1, 1] (any float dtype) -> per-layer distances [B, 5] (float32).
    at::Tensor perLayer(const at::Tensor& x0, const at::Tensor& x1);
    // The LPIPS distance, the sum of perLayer: [B].
    at::Tensor distance(const at::Tensor& x0, const at::Tensor& x1);

    at::Device device() const;

private:
    // The ReLU outputs after features 1, 4, 7, 9 and 11 for scaled input x.
    std::vector<at::Tensor> layerFeatures(const at::Tensor& x);

    torch::nn::Sequential m_features{nullptr};
    std::vector<torch::nn::Sequential> m_heads;
};

// The module holder (as TORCH_MODULE(LpipsAlex) would declare it) plus the loader.
class LpipsAlex : public torch::nn::ModuleHolder<LpipsAlexImpl>
{
public:
    using torch::nn::ModuleHolder<LpipsAlexImpl>::ModuleHolder;
    using Impl = LpipsAlexImpl;

    // Reads lpips_alex.safetensors; throws ModelFormatError when the file is missing or lacks a key.
    static LpipsAlex load(const std::string& path, const at::Device& device = at::kCPU);
};

} // namespace fr2r::metrics
