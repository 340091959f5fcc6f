#include "core/model/Conv2d.h"
#include "core/model/GroupNorm.h"
#include "core/model/MemoryPlanLines.h"
#include "core/model/RowBandPlan.h"
#include "core/model/TransformerBlocks.h"
#include "core/model/Upsample2D.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

using fr2r::core::RowBandPlan;

Q_DECLARE_METATYPE(at::ScalarType)

namespace {

// A channels-last map as the VAE runs it; `offset` moves the groups' means far from zero, where statistics
// summed carelessly in float32 lose the variance.
at::Tensor featureMap(int64_t channels, int64_t height, int64_t width, double offset, at::ScalarType dtype)
{
    torch::manual_seed(7);
    return (torch::randn({1, channels, height, width}) + offset).to(dtype).contiguous(at::MemoryFormat::ChannelsLast);
}

template <typename Module>
void toChannelsLast(Module& module, at::ScalarType dtype)
{
    module->to(dtype);
    for (at::Tensor& parameter : module->parameters())
        if (parameter.dim() == 4)
            parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
}

} // namespace

class TestRowBandPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choosesRowsWithinBudget();
    void groupNormConvInBandsEqualsWhole_data();
    void groupNormConvInBandsEqualsWhole();
    void upsampleInBandsEqualsWhole();
    void inPlaceBandsEqualSeparateOutput_data();
    void inPlaceBandsEqualSeparateOutput();
    void autogradRunsWhole();
    void feedForwardInChunksEqualsWhole_data();
    void feedForwardInChunksEqualsWhole();
};

void TestRowBandPlan::choosesRowsWithinBudget()
{
    const RowBandPlan plan = RowBandPlan::choose("stage", 8, 100, 40, 1000, 25500);
    QCOMPARE(plan.rows, int64_t(25));
    QCOMPARE(plan.bands(), int64_t(4));
    QVERIFY(plan.banded());
    QCOMPARE(plan.bandBytes, int64_t(25000));
    QVERIFY2(QString::fromStdString(plan.describe()).contains("4 bands of 25 rows"), plan.describe().c_str());
    QVERIFY(!RowBandPlan::choose("stage", 8, 100, 40, 1000, 0).banded()); // no budget: one band
    QCOMPARE(RowBandPlan::choose("stage", 8, 100, 40, 1000, 10).rows, int64_t(1)); // at least a row
}

void TestRowBandPlan::groupNormConvInBandsEqualsWhole_data()
{
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("factor");
    QTest::newRow("float32 3x3") << at::kFloat << 3 << 0.0 << 1e-5;
    QTest::newRow("float32 1x1") << at::kFloat << 1 << 0.0 << 1e-5;
    // Means far from zero: statistics read band by band stay exact (a per-band or one-pass float32 variance
    // would not: LibTorch's own float32 kernel is 0.03 off here).
    QTest::newRow("float32 3x3, mean 300") << at::kFloat << 3 << 300.0 << 1e-5;
    // bf16 rounds the normalised map once more, on one side or the other of a last-bit difference.
    QTest::newRow("bfloat16 3x3") << at::kBFloat16 << 3 << 0.0 << 2e-2;
}

// float32 rows against the same stage in float64; bf16 against its whole pass.
void TestRowBandPlan::groupNormConvInBandsEqualsWhole()
{
    QFETCH(at::ScalarType, dtype);
    QFETCH(int, kernel);
    QFETCH(double, offset);
    QFETCH(double, factor);
    torch::manual_seed(3);
    fr2r::core::GroupNorm norm(4, 16, 1e-6);
    fr2r::core::Conv2d conv(torch::nn::Conv2dOptions(16, 8, kernel).padding(kernel / 2));
    torch::nn::init::normal_(norm->weight);
    torch::nn::init::normal_(norm->bias);
    toChannelsLast(norm, dtype);
    toChannelsLast(conv, dtype);
    const at::Tensor input = featureMap(16, 37, 20, offset, dtype);
    c10::InferenceMode inference;
    at::Tensor expected = norm->forwardSiluConv(input, *conv);
    QVERIFY(!norm->lastPlan().banded());
    if (dtype == at::kFloat) {
        const auto f64 = [](const at::Tensor& tensor) { return tensor.to(at::kDouble); };
        const at::Tensor normalized =
            at::silu(at::group_norm(f64(input), 4, f64(norm->weight), f64(norm->bias), 1e-6));
        expected = at::conv2d(normalized, f64(conv->weight), f64(conv->bias), 1, kernel / 2);
    }
    norm->setMemoryBudget(16 * 20 * 40); // a few rows at once
    const at::Tensor banded = norm->forwardSiluConv(input, *conv);
    QVERIFY2(norm->lastPlan().bands() >= 5, norm->lastPlan().describe().c_str());
    QCOMPARE(banded.sizes(), expected.sizes());
    QVERIFY(banded.is_contiguous(at::MemoryFormat::ChannelsLast));
    FR2R_COMPARE_TENSOR("group norm + SiLU + conv in bands", banded, expected, factor);
}

void TestRowBandPlan::upsampleInBandsEqualsWhole()
{
    torch::manual_seed(5);
    fr2r::core::Upsample2DOptions options;
    options.channels = 8;
    options.outChannels = 4;
    fr2r::core::Upsample2D upsample(options);
    toChannelsLast(upsample, at::kFloat);
    const at::Tensor input = featureMap(8, 13, 9, 0.0, at::kFloat);
    c10::InferenceMode inference;
    const at::Tensor whole = upsample->forward(input);
    upsample->setMemoryBudget(4 * 9 * 4 * 12 * 3); // three input rows at once
    const at::Tensor banded = upsample->forward(input);
    QCOMPARE(upsample->lastPlan().rows, int64_t(3));
    QCOMPARE(banded.sizes(), whole.sizes());
    // Nearest upsampling and the convolution see the same pixels in a band as in the whole map.
    FR2R_COMPARE_TENSOR("upsample + conv in bands", banded, whole, 1e-6);
}

void TestRowBandPlan::autogradRunsWhole()
{
    fr2r::core::GroupNorm norm(2, 4, 1e-6);
    fr2r::core::Conv2d conv(torch::nn::Conv2dOptions(4, 4, 3).padding(1));
    norm->setMemoryBudget(1);
    const at::Tensor input = torch::randn({1, 4, 16, 8}, torch::requires_grad());
    norm->forwardSiluConv(input, *conv).sum().backward();
    QVERIFY(!norm->lastPlan().banded());
    QVERIFY(input.grad().defined());
}

void TestRowBandPlan::inPlaceBandsEqualSeparateOutput_data()
{
    QTest::addColumn<int>("rows");
    QTest::newRow("one row per band (the halo's)") << 1;
    QTest::newRow("two rows") << 2;
    QTest::newRow("uneven last band") << 5;
}

// A 3x3 convolution plus a residual, band by band over its own input, against the same bands into a new map.
void TestRowBandPlan::inPlaceBandsEqualSeparateOutput()
{
    QFETCH(int, rows);
    torch::manual_seed(9);
    fr2r::core::Conv2d conv(torch::nn::Conv2dOptions(6, 6, 3).padding(1));
    const at::Tensor input = featureMap(6, 13, 7, 0.0, at::kFloat);
    const at::Tensor residual = torch::randn({1, 6, 13, 7});
    c10::InferenceMode inference;
    RowBandPlan plan = RowBandPlan::choose("stage", 6, 13, 7, 1, rows);
    QCOMPARE(plan.rows, int64_t(rows));
    const auto convolve = [&](const at::Tensor& band) { return conv->forward(band); };
    const at::Tensor expected = plan.run(input, 1, 1, convolve) + residual;
    at::Tensor consumed = input.clone();
    void* storage = consumed.data_ptr();
    const at::Tensor inPlace = plan.runInPlace(
        consumed, 1, convolve, [&](int64_t start, int64_t count) { return residual.narrow(2, start, count); });
    QCOMPARE(inPlace.data_ptr(), storage);
    FR2R_COMPARE_TENSOR("in place", inPlace, expected, 1e-6);
}

void TestRowBandPlan::feedForwardInChunksEqualsWhole_data()
{
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<double>("factor"); // 0: bit-identical
    // OpenBLAS's float32 GEMM may pick another micro-kernel for a chunk's row count; oneDNN's bf16 one does not.
    QTest::newRow("fp32") << at::kFloat << 1e-6;
    QTest::newRow("bf16") << at::kBFloat16 << 0.0;
}

void TestRowBandPlan::feedForwardInChunksEqualsWhole()
{
    QFETCH(at::ScalarType, dtype);
    QFETCH(double, factor);
    torch::manual_seed(3);
    fr2r::core::FeedForward feedForward(32);
    feedForward->to(dtype);
    const at::Tensor input = torch::randn({2, 100, 32}).to(dtype);
    at::Tensor whole, chunked;
    {
        torch::NoGradGuard noGrad;
        whole = feedForward->forward(input);
        QVERIFY(!feedForward->lastChunked()); // no budget
        feedForward->setMemoryBudget(30 * 1024); // a few tokens' temporaries
        chunked = feedForward->forward(input);
        QVERIFY(feedForward->lastChunked());
        QVERIFY2(QString::fromStdString(feedForward->describeLast()).contains("2x100 tokens"),
                 feedForward->describeLast().c_str());
        // The engine's log and the benchmarks list the split once.
        torch::nn::Module unet, noVae;
        unet.register_module("ff", feedForward);
        const auto lines = fr2r::core::MemoryPlanLines::of(unet, noVae);
        QVERIFY(lines.splits == std::vector<std::string>{feedForward->describeLast()});
    }
    if (factor == 0)
        QVERIFY(at::equal(chunked, whole));
    else
        FR2R_COMPARE_TENSOR("feed-forward in chunks", chunked, whole, factor);
    feedForward->forward(input.requires_grad_(dtype == at::kFloat)); // autograd: the whole pass
    QVERIFY(!feedForward->lastChunked());
}

QTEST_GUILESS_MAIN(TestRowBandPlan)
#include "TestRowBandPlan.moc"
