// The hand-vectorised CPU kernels against LibTorch in float64: the attention's scaled softmax (float32, bf16,
// rows with a vector tail, extreme scores) and the channel moments behind the banded group norm (contiguous and
// channels-last maps, the same sums on one thread as on several).
#include "core/model/ChannelMoments.h"
#include "core/model/ScaledSoftmax.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <limits>

using fr2r::core::ChannelMoments;
using fr2r::core::ScaledSoftmax;

Q_DECLARE_METATYPE(at::ScalarType)

class TestVectorKernels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(5); }
    void softmaxMatchesLibTorch_data();
    void softmaxMatchesLibTorch();
    void softmaxOfExtremeScores();
    void momentsMatchFloat64_data();
    void momentsMatchFloat64();
    void momentsDoNotDependOnThreads();
};

void TestVectorKernels::softmaxMatchesLibTorch_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<at::ScalarType>("type");
    QTest::addColumn<double>("factor");
    QTest::newRow("fp32, whole vectors") << 1024 << at::kFloat << 1e-6;
    QTest::newRow("fp32, a tail") << 77 << at::kFloat << 1e-6;
    QTest::newRow("fp64 (LibTorch's, in float64)") << 77 << at::kDouble << 1e-12;
    // bf16 rounds the probabilities it stores: 2^-8 relative.
    QTest::newRow("bf16, a tail") << 1031 << at::kBFloat16 << 8e-3;
}

void TestVectorKernels::softmaxMatchesLibTorch()
{
    QFETCH(int, length);
    QFETCH(at::ScalarType, type);
    QFETCH(double, factor);
    const at::Tensor scores = (torch::randn({5, length}) * 20).to(type);
    const double scale = 0.125;
    const at::Tensor expected = at::softmax(scores.to(at::kDouble) * scale, -1);
    at::Tensor block = scores.clone();
    ScaledSoftmax(length).apply(block, scale);
    QCOMPARE(block.scalar_type(), type);
    FR2R_COMPARE_TENSOR("scaled softmax", block, expected, factor);
}

void TestVectorKernels::softmaxOfExtremeScores()
{
    const float infinity = std::numeric_limits<float>::infinity();
    at::Tensor block = torch::tensor({{0.0f, -1000.0f, -infinity, 50.0f}, {1.0f, 1.0f, 1.0f, 1.0f}});
    ScaledSoftmax(4).apply(block, 1.0);
    QVERIFY(block.isfinite().all().item<bool>());
    QCOMPARE(block[0][3].item<float>(), 1.0f);
    QVERIFY(block[0][1].item<float>() < 1e-37f && block[0][2].item<float>() < 1e-37f);
    QCOMPARE(block[1][2].item<float>(), 0.25f);
    at::Tensor withNan = torch::tensor({{0.0f, std::numeric_limits<float>::quiet_NaN(), 1.0f}});
    ScaledSoftmax(3).apply(withNan, 1.0);
    QVERIFY(withNan.isnan().all().item<bool>()); // as LibTorch's: a NaN score spoils its row
}

void TestVectorKernels::momentsMatchFloat64_data()
{
    QTest::addColumn<bool>("channelsLast");
    QTest::addColumn<at::ScalarType>("type");
    QTest::newRow("contiguous fp32") << false << at::kFloat;
    QTest::newRow("channels-last fp32") << true << at::kFloat;
    QTest::newRow("channels-last bf16") << true << at::kBFloat16;
    QTest::newRow("contiguous bf16") << false << at::kBFloat16;
}

void TestVectorKernels::momentsMatchFloat64()
{
    QFETCH(bool, channelsLast);
    QFETCH(at::ScalarType, type);
    // Two images, more pixels than one channels-last chunk, means far from zero.
    at::Tensor map = (torch::randn({2, 24, 75, 61}) * 3 + 40).to(type);
    if (channelsLast)
        map = map.contiguous(at::MemoryFormat::ChannelsLast);
    const at::Tensor exact = map.to(at::kDouble).flatten(2); // [B, C, HW]
    const at::Tensor expected = at::stack({exact.sum(-1), exact.square().sum(-1)}, -1);
    const at::Tensor moments = ChannelMoments::of(map);
    QCOMPARE(moments.sizes(), expected.sizes());
    QVERIFY(at::allclose(moments, expected, 1e-12, 0));
}

void TestVectorKernels::momentsDoNotDependOnThreads()
{
    const at::Tensor map = torch::randn({1, 16, 130, 70}).contiguous(at::MemoryFormat::ChannelsLast);
    const int threads = at::get_num_threads();
    const at::Tensor many = ChannelMoments::of(map);
    at::set_num_threads(1);
    const at::Tensor one = ChannelMoments::of(map);
    at::set_num_threads(threads);
    QVERIFY(at::equal(one, many));
}

QTEST_GUILESS_MAIN(TestVectorKernels)
#include "TestVectorKernels.moc"
