#pragma once

#include <torch/expanding_array.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

// The Inception v3 blocks of the FID network (pytorch_fid.inception / torch-fidelity), with torchvision's
// module names so the parameters load under torchvision keys (Mixed_5b.branch1x1.conv.weight, ...).
namespace fr2r::metrics {

// torchvision.models.inception.BasicConv2d: conv without bias, BatchNorm (eps 0.001), ReLU.
class BasicConv2dImpl : public torch::nn::Module
{
public:
    BasicConv2dImpl(int64_t in, int64_t out, torch::ExpandingArray<2> kernel, torch::ExpandingArray<2> stride = 1,
                    torch::ExpandingArray<2> padding = 0);
    at::Tensor forward(const at::Tensor& x);

private:
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
};
TORCH_MODULE(BasicConv2d);

// pytorch_fid.inception.FIDInceptionA: InceptionA whose pool branch averages without the padding.
class FidInceptionAImpl : public torch::nn::Module
{
public:
    FidInceptionAImpl(int64_t in, int64_t poolFeatures);
    at::Tensor forward(const at::Tensor& x); // [B, in, H, W] -> [B, 224 + poolFeatures, H, W]

private:
    BasicConv2d m_branch1x1{nullptr}, m_branch5x5_1{nullptr}, m_branch5x5_2{nullptr};
    BasicConv2d m_branch3x3dbl_1{nullptr}, m_branch3x3dbl_2{nullptr}, m_branch3x3dbl_3{nullptr};
    BasicConv2d m_branchPool{nullptr};
};
TORCH_MODULE(FidInceptionA);

// torchvision.models.inception.InceptionB: grid reduction 35 -> 17.
class InceptionBImpl : public torch::nn::Module
{
public:
    explicit InceptionBImpl(int64_t in);
    at::Tensor forward(const at::Tensor& x); // [B, in, H, W] -> [B, 480 + in, H', W']

private:
    BasicConv2d m_branch3x3{nullptr};
    BasicConv2d m_branch3x3dbl_1{nullptr}, m_branch3x3dbl_2{nullptr}, m_branch3x3dbl_3{nullptr};
};
TORCH_MODULE(InceptionB);

// pytorch_fid.inception.FIDInceptionC: InceptionC whose pool branch averages without the padding.
class FidInceptionCImpl : public torch::nn::Module
{
public:
    FidInceptionCImpl(int64_t in, int64_t channels7x7);
    at::Tensor forward(const at::Tensor& x); // [B, in, H, W] -> [B, 768, H, W]

private:
    BasicConv2d m_branch1x1{nullptr};
    BasicConv2d m_branch7x7_1{nullptr}, m_branch7x7_2{nullptr}, m_branch7x7_3{nullptr};
    BasicConv2d m_branch7x7dbl_1{nullptr}, m_branch7x7dbl_2{nullptr}, m_branch7x7dbl_3{nullptr};
    BasicConv2d m_branch7x7dbl_4{nullptr}, m_branch7x7dbl_5{nullptr};
    BasicConv2d m_branchPool{nullptr};
};
TORCH_MODULE(FidInceptionC);

// torchvision.models.inception.InceptionD: grid reduction 17 -> 8.
class InceptionDImpl : public torch::nn::Module
{
public:
    explicit InceptionDImpl(int64_t in);
    at::Tensor forward(const at::Tensor& x); // [B, in, H, W] -> [B, 512 + in, H', W']

private:
    BasicConv2d m_branch3x3_1{nullptr}, m_branch3x3_2{nullptr};
    BasicConv2d m_branch7x7x3_1{nullptr}, m_branch7x7x3_2{nullptr}, m_branch7x7x3_3{nullptr}, m_branch7x7x3_4{nullptr};
};
TORCH_MODULE(InceptionD);

// How an InceptionE block pools its pool branch.
enum class InceptionEPool
{
    AverageWithoutPadding, // pytorch_fid.inception.FIDInceptionE_1 (Mixed_7b)
    Max,                   // pytorch_fid.inception.FIDInceptionE_2 (Mixed_7c), a bug of the TF graph kept for FID
};

// pytorch_fid.inception.FIDInceptionE_1 / FIDInceptionE_2, which differ only in the pool branch.
class FidInceptionEImpl : public torch::nn::Module
{
public:
    FidInceptionEImpl(int64_t in, InceptionEPool pool);
    at::Tensor forward(const at::Tensor& x); // [B, in, H, W] -> [B, 2048, H, W]

private:
    InceptionEPool m_pool;
    BasicConv2d m_branch1x1{nullptr};
    BasicConv2d m_branch3x3_1{nullptr}, m_branch3x3_2a{nullptr}, m_branch3x3_2b{nullptr};
    BasicConv2d m_branch3x3dbl_1{nullptr}, m_branch3x3dbl_2{nullptr}, m_branch3x3dbl_3a{nullptr}, m_branch3x3dbl_3b{nullptr};
    BasicConv2d m_branchPool{nullptr};
};
TORCH_MODULE(FidInceptionE);

} // namespace fr2r::metrics
