// With gradients on (training), every CPU fast path of inference steps aside: the forward and the gradients
// are LibTorch's own kernels' (in-place SiLU, the 3x3 convolution as GEMM, head-blocked attention, the
// float32 islands of bfloat16 norms).
#include "core/TorchCompat.h"
#include "core/model/Attention.h"
#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"
#include "core/model/LayerNorm.h"

#include <QtTest>

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace {

using Forward = std::function<at::Tensor(const std::vector<at::Tensor>&)>;

// The output and the gradients of inputs for sum(forward(inputs) * weights), weights fixed by the seed.
std::vector<at::Tensor> outputAndGradients(const Forward& forward, const std::vector<at::Tensor>& inputs)
{
    std::vector<at::Tensor> leaves;
    for (const auto& input : inputs)
        leaves.push_back(input.detach().clone().requires_grad_());
    torch::AutoGradMode gradients(true);
    const at::Tensor out = forward(leaves);
    torch::manual_seed(11);
    (out * torch::randn(out.sizes(), out.options())).sum().backward();
    std::vector<at::Tensor> result{out.detach()};
    for (const auto& leaf : leaves)
        result.push_back(leaf.grad());
    return result;
}

void verifyIdentical(const Forward& fastPath, const Forward& reference, const std::vector<at::Tensor>& inputs)
{
    const auto actual = outputAndGradients(fastPath, inputs);
    const auto expected = outputAndGradients(reference, inputs);
    for (size_t i = 0; i < actual.size(); ++i) {
        QVERIFY2(actual[i].defined(), qPrintable(QString("tensor %1 has no gradient").arg(i)));
        QVERIFY2(torch::equal(actual[i], expected[i]),
                 qPrintable(QString("tensor %1 (0: output, then input gradients) differs by %2")
                                .arg(i)
                                .arg((actual[i].to(torch::kDouble) - expected[i].to(torch::kDouble)).abs().max().item<double>())));
    }
}

} // namespace

class TestFastPathGradients : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(3); }
    void convolutionTakesLibTorchKernel();
    void attentionTakesLibTorchKernel();
    void groupNormSiluKeepsItsInput();
    void bfloat16NormsStayInTheirType();
};

void TestFastPathGradients::convolutionTakesLibTorchKernel()
{
    fr2r::core::Conv2d conv(torch::nn::Conv2dOptions(6, 5, 3).padding(1));
    const auto run = [&](bool fast) {
        return [&, fast](const std::vector<at::Tensor>& in) {
            conv->weight = in[1]; // the leaf, so its gradient is collected
            return fast ? conv->forward(in[0]) : conv->torch::nn::Conv2dImpl::forward(in[0]);
        };
    };
    QVERIFY(8 * 8 <= fr2r::core::Conv2dImpl::kGemmMaxPixels); // the size inference runs as a GEMM
    verifyIdentical(run(true), run(false), {torch::randn({2, 6, 8, 8}), conv->weight.detach()});
}

void TestFastPathGradients::attentionTakesLibTorchKernel()
{
    constexpr int64_t heads = 2;
    const auto fast = [](const std::vector<at::Tensor>& in) {
        return fr2r::core::AttentionImpl::multiHeadAttention(in[0], in[1], in[2], heads);
    };
    const auto reference = [](const std::vector<at::Tensor>& in) {
        const auto split = [](const at::Tensor& t) { return t.view({t.size(0), t.size(1), heads, -1}).transpose(1, 2); };
        const at::Tensor out = fr2r::compat::scaledDotProductAttention(split(in[0]), split(in[1]), split(in[2]));
        return out.transpose(1, 2).reshape({in[0].size(0), in[0].size(1), -1});
    };
    verifyIdentical(fast, reference, {torch::randn({2, 16, 8}), torch::randn({2, 5, 8}), torch::randn({2, 5, 8})});
}

void TestFastPathGradients::groupNormSiluKeepsItsInput()
{
    fr2r::core::GroupNorm norm(2, 4, 1e-5);
    const auto fast = [&](const std::vector<at::Tensor>& in) { return norm->forwardSilu(in[0]); };
    const auto reference = [&](const std::vector<at::Tensor>& in) {
        return at::silu(at::group_norm(in[0], 2, norm->weight, norm->bias, 1e-5));
    };
    verifyIdentical(fast, reference, {torch::randn({2, 4, 6, 6})});
}

void TestFastPathGradients::bfloat16NormsStayInTheirType()
{
    fr2r::core::LayerNorm layerNorm(16, 1e-5);
    layerNorm->to(torch::kBFloat16);
    const auto fast = [&](const std::vector<at::Tensor>& in) { return layerNorm->forward(in[0]); };
    const auto reference = [&](const std::vector<at::Tensor>& in) {
        return at::layer_norm(in[0], {16}, layerNorm->weight, layerNorm->bias, 1e-5);
    };
    verifyIdentical(fast, reference, {torch::randn({3, 7, 16}).to(torch::kBFloat16)});

    fr2r::core::GroupNorm groupNorm(2, 4, 1e-5);
    groupNorm->to(torch::kBFloat16);
    const auto fastGroup = [&](const std::vector<at::Tensor>& in) { return groupNorm->forward(in[0]); };
    const auto referenceGroup = [&](const std::vector<at::Tensor>& in) {
        return at::group_norm(in[0], 2, groupNorm->weight, groupNorm->bias, 1e-5);
    };
    verifyIdentical(fastGroup, referenceGroup, {torch::randn({2, 4, 6, 6}).to(torch::kBFloat16)});
}

QTEST_GUILESS_MAIN(TestFastPathGradients)
#include "TestFastPathGradients.moc"
