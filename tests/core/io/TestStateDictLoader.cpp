#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/Checkpoint.h"
#include "core/io/StateDictLoader.h"
#include "core/model/UNet2DConditionModel.h"
#include "support/TinyModelCopy.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <limits>

using namespace fr2r;

// Weights are copied only when every tensor is finite in the compute dtype; the error names component, file, tensor.
class TestStateDictLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void loadsTheGoldenWeights();
    void refusesNonFiniteWeights_data();
    void refusesNonFiniteWeights();
};

void TestStateDictLoader::loadsTheGoldenWeights()
{
    QTemporaryDir dir;
    const test::TinyModelCopy copy(dir.path().toStdString());
    const core::Checkpoint checkpoint = core::openCheckpoint(copy.path());
    core::UNet2DConditionModel unet(checkpoint.unet);
    core::loadStateDict(*unet, checkpoint.unetWeights, at::kHalf, at::kCPU);
    QVERIFY(torch::equal(unet->named_parameters()["conv_in.weight"],
                         checkpoint.unetWeights.load("conv_in.weight").to(at::kHalf)));
}

void TestStateDictLoader::refusesNonFiniteWeights_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("dtype"); // at::ScalarType
    QTest::addColumn<QString>("phrase");
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << int(at::kFloat) << "(as Float)";
    QTest::newRow("infinity") << -std::numeric_limits<double>::infinity() << int(at::kFloat) << "(as Float)";
    QTest::newRow("past float16's range") << 1e6 << int(at::kHalf) << "(as Half)";
}

void TestStateDictLoader::refusesNonFiniteWeights()
{
    QFETCH(double, value);
    QFETCH(int, dtype);
    QFETCH(QString, phrase);
    QTemporaryDir dir;
    const test::TinyModelCopy copy(dir.path().toStdString());
    copy.editTensor("unet", "conv_in.weight", [&](const at::Tensor& stored) {
        at::Tensor weight = stored.to(at::kFloat); // float32 on disk, so 1e6 is finite there
        weight.view(-1)[5] = value;
        return weight;
    });
    const core::Checkpoint checkpoint = core::openCheckpoint(copy.path());
    core::UNet2DConditionModel unet(checkpoint.unet);
    try {
        core::loadStateDict(*unet, checkpoint.unetWeights, at::ScalarType(dtype), at::kCPU);
        QFAIL("a weight with a non-finite value was loaded");
    } catch (const ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        for (const QString& expected : {QString("unet: "), QString("diffusion_pytorch_model.safetensors: conv_in.weight"),
                                        QString("NaN or infinite"), phrase})
            QVERIFY2(message.contains(expected), qPrintable("'" + expected + "' not in: " + message));
    }
}

QTEST_GUILESS_MAIN(TestStateDictLoader)
#include "TestStateDictLoader.moc"
