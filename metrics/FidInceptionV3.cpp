#include "metrics/FidInceptionV3.h"

#include "core/api/Error.h"
#include "metrics/ModuleWeights.h"

#include <torch/torch.h>

namespace fr2r::metrics {

namespace {

namespace F = torch::nn::functional;

constexpr int64_t kInputSize = 299;
constexpr int64_t kFidClasses = 1008;

at::Tensor maxPool3x3Stride2(const at::Tensor& x)
{
    return F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(2));
}

} // namespace

FidInceptionV3Impl::FidInceptionV3Impl()
{
    m_conv1a = register_module("Conv2d_1a_3x3", BasicConv2d(3, 32, 3, 2));
    m_conv2a = register_module("Conv2d_2a_3x3", BasicConv2d(32, 32, 3));
    m_conv2b = register_module("Conv2d_2b_3x3", BasicConv2d(32, 64, 3, 1, 1));
    m_conv3b = register_module("Conv2d_3b_1x1", BasicConv2d(64, 80, 1));
    m_conv4a = register_module("Conv2d_4a_3x3", BasicConv2d(80, 192, 3));
    m_mixed5b = register_module("Mixed_5b", FidInceptionA(192, 32));
    m_mixed5c = register_module("Mixed_5c", FidInceptionA(256, 64));
    m_mixed5d = register_module("Mixed_5d", FidInceptionA(288, 64));
    m_mixed6a = register_module("Mixed_6a", InceptionB(288));
    m_mixed6b = register_module("Mixed_6b", FidInceptionC(768, 128));
    m_mixed6c = register_module("Mixed_6c", FidInceptionC(768, 160));
    m_mixed6d = register_module("Mixed_6d", FidInceptionC(768, 160));
    m_mixed6e = register_module("Mixed_6e", FidInceptionC(768, 192));
    m_mixed7a = register_module("Mixed_7a", InceptionD(768));
    m_mixed7b = register_module("Mixed_7b", FidInceptionE(1280, InceptionEPool::AverageWithoutPadding));
    m_mixed7c = register_module("Mixed_7c", FidInceptionE(2048, InceptionEPool::Max));
    // Part of the checkpoint (so a wrong file is recognised by its shape) but not of pool3.
    m_fc = register_module("fc", torch::nn::Linear(2048, kFidClasses));
}

// Mirrors pytorch_fid.inception.InceptionV3.forward with resize_input and normalize_input, output block 3.
at::Tensor FidInceptionV3Impl::features(const at::Tensor& images)
{
    if (images.dim() != 4 || images.size(1) != 3)
        throw InvalidArgumentError("Inception features need [B, 3, H, W] images, got " + c10::str(images.sizes()));
    torch::NoGradGuard noGrad;
    auto x = images.to(device(), at::kFloat);
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{kInputSize, kInputSize})
                              .mode(torch::kBilinear)
                              .align_corners(false)); // [B, 3, 299, 299]
    x = 2 * x - 1;
    x = maxPool3x3Stride2(m_conv2b(m_conv2a(m_conv1a(x)))); // [B, 64, 73, 73]
    x = maxPool3x3Stride2(m_conv4a(m_conv3b(x)));           // [B, 192, 35, 35]
    x = m_mixed5d(m_mixed5c(m_mixed5b(x)));                 // [B, 288, 35, 35]
    x = m_mixed6a(x);                                       // [B, 768, 17, 17]
    x = m_mixed6e(m_mixed6d(m_mixed6c(m_mixed6b(x))));      // [B, 768, 17, 17]
    x = m_mixed7c(m_mixed7b(m_mixed7a(x)));                 // [B, 2048, 8, 8]
    return x.mean({2, 3});                                  // [B, 2048]
}

at::Device FidInceptionV3Impl::device() const
{
    return parameters().front().device();
}

FidInceptionV3 FidInceptionV3::load(const std::string& path, const at::Device& device)
{
    FidInceptionV3 model;
    loadModuleWeights(*model, path, {"Inception weights", "fid_inception.safetensors", "--inception-weights"},
                      device);
    return model;
}

} // namespace fr2r::metrics
