#include "metrics/LpipsAlex.h"

#include "metrics/ModuleWeights.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>

namespace fr2r::metrics {

namespace {

namespace nn = torch::nn;

// lpips.ScalingLayer: ImageNet statistics expressed for inputs in [-1, 1].
constexpr std::array<double, 3> kShift = {-0.030, -0.088, -0.188};
constexpr std::array<double, 3> kScale = {0.458, 0.448, 0.450};
// features indices whose output lpips taps (relu1 .. relu5).
constexpr std::array<size_t, 5> kTapIndices = {1, 4, 7, 9, 11};
constexpr std::array<int64_t, 5> kChannels = {64, 192, 384, 256, 256};
constexpr double kNormEps = 1e-10;

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding));
}

// lpips.normalize_tensor: divide by the channel-wise L2 norm.
at::Tensor unitNormalize(const at::Tensor& features)
{
    const auto norm = features.pow(2).sum(1, /*keepdim=*/true).sqrt(); // [B, 1, H, W]
    return features / (norm + kNormEps);
}

} // namespace

LpipsAlexImpl::LpipsAlexImpl()
{
    // torchvision.models.alexnet().features[0:12]; the final max pool is not used by LPIPS.
    const auto maxPool = [] { return nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2)); };
    m_features = register_module("features", nn::Sequential(conv(3, 64, 11, 4, 2), nn::ReLU(), maxPool(),      // 0-2
                                                            conv(64, 192, 5, 1, 2), nn::ReLU(), maxPool(),    // 3-5
                                                            conv(192, 384, 3, 1, 1), nn::ReLU(),              // 6-7
                                                            conv(384, 256, 3, 1, 1), nn::ReLU(),              // 8-9
                                                            conv(256, 256, 3, 1, 1), nn::ReLU()));            // 10-11
    for (size_t i = 0; i < kChannels.size(); ++i) {
        // lpips.NetLinLayer: a module holding model = Sequential(Dropout, Conv2d 1x1 without bias).
        auto head = nn::Sequential(nn::Dropout(), nn::Conv2d(nn::Conv2dOptions(kChannels[i], 1, 1).bias(false)));
        auto linLayer = std::make_shared<nn::Module>("NetLinLayer");
        linLayer->register_module("model", head);
        register_module("lin" + std::to_string(i), linLayer);
        m_heads.push_back(head);
    }
}

std::vector<at::Tensor> LpipsAlexImpl::layerFeatures(const at::Tensor& x)
{
    std::vector<at::Tensor> taps;
    at::Tensor h = x;
    size_t index = 0;
    for (auto& layer : *m_features) {
        h = layer.forward(h);
        if (std::find(kTapIndices.begin(), kTapIndices.end(), index++) != kTapIndices.end())
            taps.push_back(h); // [B, C_l, H_l, W_l]
    }
    return taps;
}

at::Tensor LpipsAlexImpl::perLayer(const at::Tensor& x0, const at::Tensor& x1)
{
    torch::NoGradGuard noGrad;
    const auto options = torch::TensorOptions().dtype(at::kFloat).device(device());
    const auto shift = torch::tensor({kShift[0], kShift[1], kShift[2]}, options).view({1, 3, 1, 1});
    const auto scale = torch::tensor({kScale[0], kScale[1], kScale[2]}, options).view({1, 3, 1, 1});
    const auto features0 = layerFeatures((x0.to(options) - shift) / scale);
    const auto features1 = layerFeatures((x1.to(options) - shift) / scale);
    std::vector<at::Tensor> layers;
    for (size_t l = 0; l < features0.size(); ++l) {
        const auto diff = (unitNormalize(features0[l]) - unitNormalize(features1[l])).pow(2); // [B, C, H, W]
        const auto weighted = m_heads[l]->forward(diff);                                      // [B, 1, H, W]
        layers.push_back(weighted.mean({1, 2, 3}));                                           // [B]
    }
    return torch::stack(layers, 1); // [B, 5]
}

at::Tensor LpipsAlexImpl::distance(const at::Tensor& x0, const at::Tensor& x1)
{
    return perLayer(x0, x1).sum(1); // [B]
}

at::Device LpipsAlexImpl::device() const
{
    return parameters().front().device();
}

LpipsAlex LpipsAlex::load(const std::string& path, const at::Device& device)
{
    LpipsAlex model;
    loadModuleWeights(*model, path, {"LPIPS weights", "lpips_alex.safetensors", "--lpips-weights"}, device);
    return model;
}

} // namespace fr2r::metrics
