// The CPU fast paths (3x3 convolutions as one GEMM, reduced-precision norms in float32; attention has
// TestAttention) must compute what LibTorch's reference kernels compute, in every layout they meet.
#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"
#include "core/model/LayerNorm.h"
#include "core/model/TransformerBlocks.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

using fr2r::core::Conv2d;

Q_DECLARE_METATYPE(at::ScalarType)

class TestCpuFastPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }
    void convolutionAsGemmMatchesReference_data();
    void convolutionAsGemmMatchesReference();
    void reducedPrecisionNormsMatchFloat32();
    void transformerKeepsTheInputLayout();
};

void TestCpuFastPaths::convolutionAsGemmMatchesReference_data()
{
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("side");
    QTest::addColumn<bool>("channelsLast");
    QTest::addColumn<bool>("withBias");
    QTest::newRow("b1 8x8 contiguous") << 1 << 8 << false << true;
    QTest::newRow("b3 4x4 contiguous") << 3 << 4 << false << true;
    QTest::newRow("b3 8x8 channels-last") << 3 << 8 << true << true;
    QTest::newRow("b2 5x7 no bias") << 2 << 5 << false << false;
    QTest::newRow("b1 16x16 (oneDNN path)") << 1 << 16 << true << true;
}

void TestCpuFastPaths::convolutionAsGemmMatchesReference()
{
    QFETCH(int, batch);
    QFETCH(int, side);
    QFETCH(bool, channelsLast);
    QFETCH(bool, withBias);
    torch::NoGradGuard noGrad;
    Conv2d conv(torch::nn::Conv2dOptions(24, 40, 3).padding(1).bias(withBias));
    const auto format = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    conv->weight.set_data(conv->weight.contiguous(format));
    const at::Tensor input = torch::randn({batch, 24, side, side + (withBias ? 0 : 2)}).contiguous(format);
    const at::Tensor actual = conv(input);
    const at::Tensor expected = at::conv2d(input.to(at::kDouble), conv->weight.to(at::kDouble),
                                           withBias ? conv->bias.to(at::kDouble) : at::Tensor(), 1, 1);
    FR2R_COMPARE_TENSOR("conv", actual, expected, 1e-5);
    QVERIFY(actual.is_contiguous(format)); // the next layer sees the layout its weights expect
}

void TestCpuFastPaths::reducedPrecisionNormsMatchFloat32()
{
    torch::NoGradGuard noGrad;
    fr2r::core::GroupNorm groupNorm(4, 16, 1e-6);
    fr2r::core::LayerNorm layerNorm(16, 1e-5);
    groupNorm->weight.uniform_(0.5, 1.5);
    layerNorm->bias.uniform_(-0.5, 0.5);
    const at::Tensor image = torch::randn({2, 16, 6, 6}) * 3 + 1;
    const at::Tensor tokens = torch::randn({2, 10, 16}) * 3 + 1;
    const auto bf16 = [](const at::Tensor& t) { return t.to(at::kBFloat16); };
    for (const auto format : {at::MemoryFormat::Contiguous, at::MemoryFormat::ChannelsLast}) {
        const at::Tensor input = bf16(image).contiguous(format);
        groupNorm->to(at::kFloat);
        const at::Tensor expected = groupNorm(input.to(at::kFloat));
        groupNorm->to(at::kBFloat16);
        const at::Tensor actual = groupNorm(input);
        QCOMPARE(actual.scalar_type(), at::kBFloat16);
        QVERIFY(actual.is_contiguous(format));
        FR2R_COMPARE_TENSOR("group norm", actual, expected, 1e-2); // one bfloat16 rounding of the result
        FR2R_COMPARE_TENSOR("group norm + silu", groupNorm->forwardSilu(input), at::silu(expected), 1e-2);
    }
    // The float32 SiLU runs in place on the normalised copy, never on the caller's tensor.
    groupNorm->to(at::kFloat);
    const at::Tensor before = image.clone();
    QVERIFY(at::equal(groupNorm->forwardSilu(image), at::silu(groupNorm(image))));
    QVERIFY(at::equal(image, before));
    const at::Tensor expected = layerNorm(bf16(tokens).to(at::kFloat));
    layerNorm->to(at::kBFloat16);
    FR2R_COMPARE_TENSOR("layer norm", layerNorm(bf16(tokens)), expected, 1e-2);
}

void TestCpuFastPaths::transformerKeepsTheInputLayout()
{
    // A channels-last result after a contiguous input would make every later convolution with contiguous
    // weights copy its weights on each call (a third of the UNet's time before this was found).
    torch::NoGradGuard noGrad;
    fr2r::core::Transformer2DOptions options;
    options.channels = 32;
    options.heads = 2;
    options.crossAttentionDim = 16;
    options.normGroups = 8;
    fr2r::core::Transformer2DModel transformer(options);
    const at::Tensor context = torch::randn({2, 5, 16});
    for (const auto format : {at::MemoryFormat::Contiguous, at::MemoryFormat::ChannelsLast}) {
        const at::Tensor hidden = torch::randn({2, 32, 4, 6}).contiguous(format);
        QVERIFY(transformer(hidden, context).is_contiguous(format));
    }
}

QTEST_APPLESS_MAIN(TestCpuFastPaths)
#include "TestCpuFastPaths.moc"
