// One training step of each DKI stage in float32 on the CPU against golden/tiny/training_reference.safetensors.
#include "TestConfig.h"

#include "core/training/TrainingGolden.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

class TestTrainingGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void reproducesBothStages();
};

void TestTrainingGolden::reproducesBothStages()
{
    const auto checks = fr2r::core::checkTrainingGolden(fr2r::test::goldenPath("tiny"),
                                                         fr2r::core::ComputeContext(at::kCPU, at::kFloat));
    // 128 LoRA modules x (A, B) + the loss; the context, loss and rows of textual inversion.
    QCOMPARE(checks.size(), size_t(2 * 128 + 1 + 3));
    for (const auto& check : checks)
        QVERIFY2(check.passed(), (check.name + ": max abs error " + std::to_string(check.maxAbsError) + " > tolerance "
                                  + std::to_string(check.tolerance)).c_str());
}

QTEST_GUILESS_MAIN(TestTrainingGolden)
#include "TestTrainingGolden.moc"
