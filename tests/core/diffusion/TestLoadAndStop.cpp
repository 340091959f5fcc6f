#include "GoldenPipeline.h"
#include "TestConfig.h"

#include "core/api/Error.h"
#include "core/diffusion/VaeTiling.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fr2r;

namespace {

// Counts its calls and throws Cancelled on call number stopAt (0: never).
struct CountingStop
{
    int calls = 0;
    int stopAt = 0;

    core::StopCheck check()
    {
        return [this] {
            if (++calls == stopAt)
                throw Cancelled();
        };
    }
};

} // namespace

// Loading names the file that failed and stops between weight tensors; a cancelled job stops inside long
// computations: between UNet blocks, VAE stages and tiles.
class TestLoadAndStop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadStopsBetweenTensors();
    void embeddingErrorNamesTheFile();
    void unetStopsBetweenBlocks();
    void vaeStopsBetweenTiles();

private:
    std::unique_ptr<core::StableDiffusionModel> m_model;
};

void TestLoadAndStop::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    CountingStop counter;
    m_model = test::loadGoldenModel(at::kFloat, counter.check());
    QVERIFY(counter.calls > 10); // every weight tensor, then the domain pack
}

void TestLoadAndStop::loadStopsBetweenTensors()
{
    CountingStop counter{0, 5};
    QVERIFY_THROWS_EXCEPTION(Cancelled, test::loadGoldenModel(at::kFloat, counter.check()));
    QCOMPARE(counter.calls, 5);
}

void TestLoadAndStop::embeddingErrorNamesTheFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("narrow.safetensors")).toStdString();
    core::writeSafeTensors(path, {{"<narrow>", torch::ones({1, 5})}}); // the text encoder is wider
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.negativeEmbeddingPath = path;
    settings.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    try {
        core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
        QFAIL("an embedding of the wrong width was accepted");
    } catch (const ModelFormatError& error) {
        QVERIFY2(std::string(error.what()).find(path) != std::string::npos, error.what());
    }
}

void TestLoadAndStop::unetStopsBetweenBlocks()
{
    torch::InferenceMode inference;
    auto& unet = m_model->unet();
    const int levels = static_cast<int>(unet->config().blockOutChannels.size());
    const auto sample = torch::randn({1, 4, 16, 16});
    const auto context = m_model->encodePrompt("a dress");
    CountingStop counter;
    unet->setStopCheck(counter.check());
    unet->forward(sample, torch::tensor(500), context);
    const int checks = counter.calls;
    QVERIFY(checks > 2 * levels + 1); // every down block, the mid block, every up block, and inside attentions

    counter = CountingStop{0, checks / 2};
    QVERIFY_THROWS_EXCEPTION(Cancelled, unet->forward(sample, torch::tensor(500), context));
    QCOMPARE(counter.calls, checks / 2);
    unet->setStopCheck({});
}

void TestLoadAndStop::vaeStopsBetweenTiles()
{
    torch::InferenceMode inference;
    auto& vae = m_model->vae();
    core::VaeTiling tiling;
    tiling.tilePixels = 64;
    tiling.overlapPixels = 32;
    tiling.thresholdPixels = 64 * 64;
    tiling.previewPixels = 64 * 64;
    const int64_t factor = vae->downscaleFactor();
    const auto latent = torch::randn({1, 4, 128 / factor, 128 / factor}); // 128 px: 3 x 3 tiles of 64 px
    CountingStop counter;
    vae->setStopCheck(counter.check());
    tiling.decode(vae, latent);
    const int checks = counter.calls;
    QVERIFY(checks >= 1 + 1 + 3 * 3); // the trunk (and its attention), the statistics preview, every tile

    counter = CountingStop{0, checks - 2}; // the second-last tile
    QVERIFY_THROWS_EXCEPTION(Cancelled, tiling.decode(vae, latent));
    QCOMPARE(counter.calls, checks - 2);
    vae->setStopCheck({});
}

QTEST_GUILESS_MAIN(TestLoadAndStop)
#include "TestLoadAndStop.moc"
