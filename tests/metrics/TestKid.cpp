#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "metrics/Kid.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using fr2r::metrics::kernelInceptionDistance;
using fr2r::metrics::mmd2Unbiased;

namespace {

constexpr double kTolerance = 1e-9;

// Two [n, d] samples of N(0, 1), the second shifted by `shift` in every coordinate.
std::pair<at::Tensor, at::Tensor> gaussianSamples(double shift, uint64_t seed)
{
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto real = at::randn({300, 16}, generator, at::kDouble);
    const auto fake = at::randn({300, 16}, generator, at::kDouble) + shift;
    return {real, fake};
}

} // namespace

class TestKid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void matchesReference();
    void fullSubsetsEqualMmd();
    void seedMakesItReproducible();
    void sameDistributionIsNearZero();
    void growsWithMeanShift();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void TestKid::matchesReference()
{
    const fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("metrics/metrics_reference.safetensors"));
    const auto real = reference.load("kid.features_real");
    const auto fake = reference.load("kid.features_fake");
    const auto real2 = reference.load("kid.features_real2");
    for (int run = 0; run < 3; ++run) {
        FR2R_COMPARE_TENSOR("kid.mmd2_unbiased", torch::tensor(mmd2Unbiased(real, fake), at::kDouble),
                            reference.load("kid.mmd2_unbiased"), kTolerance);
        FR2R_COMPARE_TENSOR("kid.mmd2_same_distribution", torch::tensor(mmd2Unbiased(real, real2), at::kDouble),
                            reference.load("kid.mmd2_same_distribution"), kTolerance);
    }
}

void TestKid::fullSubsetsEqualMmd()
{
    // Subsets are min(n, m, subsetSize) rows; with n = m below the subset size each is a permutation of all rows.
    const auto [real, fake] = gaussianSamples(0.5, 1);
    const auto result = kernelInceptionDistance(real.slice(0, 0, 40), fake.slice(0, 0, 50), 5, 1000, 3);
    QCOMPARE(result.subsets, 5);
    QCOMPARE(result.subsetSize, 40);
    const double full = mmd2Unbiased(real.slice(0, 0, 40), fake.slice(0, 0, 40));
    const auto all = kernelInceptionDistance(real.slice(0, 0, 40), fake.slice(0, 0, 40), 5, 1000, 3);
    QVERIFY(std::abs(all.mean - full) < 1e-12);
    QVERIFY(all.std < 1e-12);
}

void TestKid::seedMakesItReproducible()
{
    const auto [real, fake] = gaussianSamples(0.3, 2);
    const auto first = kernelInceptionDistance(real, fake, 10, 50, 42);
    const auto second = kernelInceptionDistance(real, fake, 10, 50, 42);
    QCOMPARE(first.mean, second.mean);
    QCOMPARE(first.std, second.std);
    QVERIFY(first.std > 0);
    QVERIFY(kernelInceptionDistance(real, fake, 10, 50, 43).mean != first.mean);
}

void TestKid::sameDistributionIsNearZero()
{
    const auto [real, fake] = gaussianSamples(0.0, 3);
    const auto same = kernelInceptionDistance(real, fake, 50, 100);
    const auto shifted = kernelInceptionDistance(real, fake + 0.5, 50, 100);
    QVERIFY2(std::abs(same.mean) < 3 * same.std / std::sqrt(50.0) + 1e-3,
             qPrintable(QString("KID %1 +- %2").arg(same.mean).arg(same.std)));
    QVERIFY(std::abs(same.mean) < 0.05 * shifted.mean);
}

void TestKid::growsWithMeanShift()
{
    const auto [real, fake] = gaussianSamples(0.0, 4);
    double previous = -1;
    for (double shift : {0.0, 0.1, 0.2, 0.4, 0.8}) {
        const double kid = kernelInceptionDistance(real, fake + shift, 20, 200).mean;
        QVERIFY2(kid > previous, qPrintable(QString("shift %1: KID %2 after %3").arg(shift).arg(kid).arg(previous)));
        previous = kid;
    }
}

void TestKid::rejectsBadInput_data()
{
    QTest::addColumn<int>("realRows");
    QTest::addColumn<int>("realWidth");
    QTest::addColumn<int>("fakeRows");
    QTest::addColumn<int>("fakeWidth");
    QTest::newRow("widths differ") << 10 << 8 << 10 << 9;
    QTest::newRow("one real image") << 1 << 8 << 10 << 8;
    QTest::newRow("one generated image") << 10 << 8 << 1 << 8;
}

void TestKid::rejectsBadInput()
{
    QFETCH(int, realRows);
    QFETCH(int, realWidth);
    QFETCH(int, fakeRows);
    QFETCH(int, fakeWidth);
    const auto real = torch::zeros({realRows, realWidth});
    const auto fake = torch::zeros({fakeRows, fakeWidth});
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, mmd2Unbiased(real, fake));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, kernelInceptionDistance(real, fake));
}

QTEST_GUILESS_MAIN(TestKid)
#include "TestKid.moc"
