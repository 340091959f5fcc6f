#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using namespace fr2r;

// What the model loader refuses about the domain pack beyond each file's own checks.
class TestStableDiffusionModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void refusesEmbeddingOfAnotherWidth();
};

void TestStableDiffusionModel::refusesEmbeddingOfAnotherWidth()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("learned_embeds.safetensors").toStdString();
    core::writeSafeTensors(path, {{"<wide>", torch::zeros({2, 768})}}); // SD 1.5's width; the tiny model is 32 wide
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.negativeEmbeddingPath = path;
    try {
        core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
        QFAIL("an embedding of another width was accepted");
    } catch (const ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path + ": '<wide>': ")), qPrintable(message));
        QVERIFY2(message.contains("width 768") && message.contains("hidden size is 32"), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestStableDiffusionModel)
#include "TestStableDiffusionModel.moc"
