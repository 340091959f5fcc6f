#include "metrics/InceptionBlocks.h"

#include <torch/torch.h>

namespace fr2r::metrics {

namespace {

namespace F = torch::nn::functional;
// Kernel and padding sizes (height, width); the holder's forwarding constructor needs a typed value.
using Size2 = torch::ExpandingArray<2>;

// The FID blocks' 3x3 average pool: count_include_pad=False, as TensorFlow's graph averages.
at::Tensor averagePool3x3(const at::Tensor& x)
{
    return F::avg_pool2d(x, F::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
}

at::Tensor maxPool3x3(const at::Tensor& x, int64_t stride, int64_t padding)
{
    return F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(stride).padding(padding));
}

} // namespace

BasicConv2dImpl::BasicConv2dImpl(int64_t in, int64_t out, torch::ExpandingArray<2> kernel,
                                 torch::ExpandingArray<2> stride, torch::ExpandingArray<2> padding)
{
    m_conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false)));
    m_bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(out).eps(0.001)));
}

at::Tensor BasicConv2dImpl::forward(const at::Tensor& x)
{
    return torch::relu(m_bn(m_conv(x))); // [B, out, H', W']
}

FidInceptionAImpl::FidInceptionAImpl(int64_t in, int64_t poolFeatures)
{
    m_branch1x1 = register_module("branch1x1", BasicConv2d(in, 64, 1));
    m_branch5x5_1 = register_module("branch5x5_1", BasicConv2d(in, 48, 1));
    m_branch5x5_2 = register_module("branch5x5_2", BasicConv2d(48, 64, 5, 1, 2));
    m_branch3x3dbl_1 = register_module("branch3x3dbl_1", BasicConv2d(in, 64, 1));
    m_branch3x3dbl_2 = register_module("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1));
    m_branch3x3dbl_3 = register_module("branch3x3dbl_3", BasicConv2d(96, 96, 3, 1, 1));
    m_branchPool = register_module("branch_pool", BasicConv2d(in, poolFeatures, 1));
}

at::Tensor FidInceptionAImpl::forward(const at::Tensor& x)
{
    const auto branch1x1 = m_branch1x1(x);                                              // [B, 64, H, W]
    const auto branch5x5 = m_branch5x5_2(m_branch5x5_1(x));                             // [B, 64, H, W]
    const auto branch3x3dbl = m_branch3x3dbl_3(m_branch3x3dbl_2(m_branch3x3dbl_1(x)));  // [B, 96, H, W]
    const auto branchPool = m_branchPool(averagePool3x3(x));                            // [B, pool, H, W]
    return torch::cat({branch1x1, branch5x5, branch3x3dbl, branchPool}, 1);
}

InceptionBImpl::InceptionBImpl(int64_t in)
{
    m_branch3x3 = register_module("branch3x3", BasicConv2d(in, 384, 3, 2));
    m_branch3x3dbl_1 = register_module("branch3x3dbl_1", BasicConv2d(in, 64, 1));
    m_branch3x3dbl_2 = register_module("branch3x3dbl_2", BasicConv2d(64, 96, 3, 1, 1));
    m_branch3x3dbl_3 = register_module("branch3x3dbl_3", BasicConv2d(96, 96, 3, 2));
}

at::Tensor InceptionBImpl::forward(const at::Tensor& x)
{
    const auto branch3x3 = m_branch3x3(x);                                             // [B, 384, H', W']
    const auto branch3x3dbl = m_branch3x3dbl_3(m_branch3x3dbl_2(m_branch3x3dbl_1(x))); // [B, 96, H', W']
    const auto branchPool = maxPool3x3(x, 2, 0);                                       // [B, in, H', W']
    return torch::cat({branch3x3, branch3x3dbl, branchPool}, 1);
}

FidInceptionCImpl::FidInceptionCImpl(int64_t in, int64_t channels7x7)
{
    const int64_t c7 = channels7x7;
    m_branch1x1 = register_module("branch1x1", BasicConv2d(in, 192, 1));
    m_branch7x7_1 = register_module("branch7x7_1", BasicConv2d(in, c7, 1));
    m_branch7x7_2 = register_module("branch7x7_2", BasicConv2d(c7, c7, Size2({1, 7}), 1, Size2({0, 3})));
    m_branch7x7_3 = register_module("branch7x7_3", BasicConv2d(c7, 192, Size2({7, 1}), 1, Size2({3, 0})));
    m_branch7x7dbl_1 = register_module("branch7x7dbl_1", BasicConv2d(in, c7, 1));
    m_branch7x7dbl_2 = register_module("branch7x7dbl_2", BasicConv2d(c7, c7, Size2({7, 1}), 1, Size2({3, 0})));
    m_branch7x7dbl_3 = register_module("branch7x7dbl_3", BasicConv2d(c7, c7, Size2({1, 7}), 1, Size2({0, 3})));
    m_branch7x7dbl_4 = register_module("branch7x7dbl_4", BasicConv2d(c7, c7, Size2({7, 1}), 1, Size2({3, 0})));
    m_branch7x7dbl_5 = register_module("branch7x7dbl_5", BasicConv2d(c7, 192, Size2({1, 7}), 1, Size2({0, 3})));
    m_branchPool = register_module("branch_pool", BasicConv2d(in, 192, 1));
}

at::Tensor FidInceptionCImpl::forward(const at::Tensor& x)
{
    const auto branch1x1 = m_branch1x1(x);                                   // [B, 192, H, W]
    const auto branch7x7 = m_branch7x7_3(m_branch7x7_2(m_branch7x7_1(x)));   // [B, 192, H, W]
    auto branch7x7dbl = m_branch7x7dbl_3(m_branch7x7dbl_2(m_branch7x7dbl_1(x)));
    branch7x7dbl = m_branch7x7dbl_5(m_branch7x7dbl_4(branch7x7dbl));         // [B, 192, H, W]
    const auto branchPool = m_branchPool(averagePool3x3(x));                 // [B, 192, H, W]
    return torch::cat({branch1x1, branch7x7, branch7x7dbl, branchPool}, 1);
}

InceptionDImpl::InceptionDImpl(int64_t in)
{
    m_branch3x3_1 = register_module("branch3x3_1", BasicConv2d(in, 192, 1));
    m_branch3x3_2 = register_module("branch3x3_2", BasicConv2d(192, 320, 3, 2));
    m_branch7x7x3_1 = register_module("branch7x7x3_1", BasicConv2d(in, 192, 1));
    m_branch7x7x3_2 = register_module("branch7x7x3_2", BasicConv2d(192, 192, Size2({1, 7}), 1, Size2({0, 3})));
    m_branch7x7x3_3 = register_module("branch7x7x3_3", BasicConv2d(192, 192, Size2({7, 1}), 1, Size2({3, 0})));
    m_branch7x7x3_4 = register_module("branch7x7x3_4", BasicConv2d(192, 192, 3, 2));
}

at::Tensor InceptionDImpl::forward(const at::Tensor& x)
{
    const auto branch3x3 = m_branch3x3_2(m_branch3x3_1(x));                                           // [B, 320, H', W']
    const auto branch7x7x3 = m_branch7x7x3_4(m_branch7x7x3_3(m_branch7x7x3_2(m_branch7x7x3_1(x)))); // [B, 192, H', W']
    const auto branchPool = maxPool3x3(x, 2, 0);                                                      // [B, in, H', W']
    return torch::cat({branch3x3, branch7x7x3, branchPool}, 1);
}

FidInceptionEImpl::FidInceptionEImpl(int64_t in, InceptionEPool pool)
    : m_pool(pool)
{
    m_branch1x1 = register_module("branch1x1", BasicConv2d(in, 320, 1));
    m_branch3x3_1 = register_module("branch3x3_1", BasicConv2d(in, 384, 1));
    m_branch3x3_2a = register_module("branch3x3_2a", BasicConv2d(384, 384, Size2({1, 3}), 1, Size2({0, 1})));
    m_branch3x3_2b = register_module("branch3x3_2b", BasicConv2d(384, 384, Size2({3, 1}), 1, Size2({1, 0})));
    m_branch3x3dbl_1 = register_module("branch3x3dbl_1", BasicConv2d(in, 448, 1));
    m_branch3x3dbl_2 = register_module("branch3x3dbl_2", BasicConv2d(448, 384, 3, 1, 1));
    m_branch3x3dbl_3a = register_module("branch3x3dbl_3a", BasicConv2d(384, 384, Size2({1, 3}), 1, Size2({0, 1})));
    m_branch3x3dbl_3b = register_module("branch3x3dbl_3b", BasicConv2d(384, 384, Size2({3, 1}), 1, Size2({1, 0})));
    m_branchPool = register_module("branch_pool", BasicConv2d(in, 192, 1));
}

at::Tensor FidInceptionEImpl::forward(const at::Tensor& x)
{
    const auto branch1x1 = m_branch1x1(x); // [B, 320, H, W]
    const auto stem3x3 = m_branch3x3_1(x);
    const auto branch3x3 = torch::cat({m_branch3x3_2a(stem3x3), m_branch3x3_2b(stem3x3)}, 1); // [B, 768, H, W]
    const auto stem3x3dbl = m_branch3x3dbl_2(m_branch3x3dbl_1(x));
    const auto branch3x3dbl =
        torch::cat({m_branch3x3dbl_3a(stem3x3dbl), m_branch3x3dbl_3b(stem3x3dbl)}, 1); // [B, 768, H, W]
    const auto pooled = m_pool == InceptionEPool::Max ? maxPool3x3(x, 1, 1) : averagePool3x3(x);
    const auto branchPool = m_branchPool(pooled); // [B, 192, H, W]
    return torch::cat({branch1x1, branch3x3, branch3x3dbl, branchPool}, 1);
}

} // namespace fr2r::metrics
