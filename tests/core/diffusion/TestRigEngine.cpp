// The job API through its façade only (no LibTorch header here, as in the ui and the CLI): load, translate,
// sweep, cancel, validation, the log channel and result metadata, on the tiny reference model.
#include "TestConfig.h"

#include "core/api/Error.h"
#include "core/api/Sha256.h"
#include "core/diffusion/RigEngine.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace fr2r;

namespace {

std::string golden(const std::string& relative)
{
    return std::string(FR2R_GOLDEN_DIR) + "/" + relative;
}

core::EngineSettings tinySettings()
{
    core::EngineSettings settings;
    settings.modelPath = golden("tiny/model");
    settings.negativeEmbeddingPath = golden("tiny/negative_embedding.safetensors");
    settings.tokenizerPath = golden("tiny/model/tokenizer");
    settings.device = core::DeviceChoice::Cpu;
    settings.precision = core::PrecisionChoice::Fp32;
    return settings;
}

ImageBuffer gradient(int width, int height)
{
    ImageBuffer image(width, height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* pixel = image.row(y) + 3 * x;
            pixel[0] = static_cast<uint8_t>(x * 255 / width);
            pixel[1] = static_cast<uint8_t>(y * 255 / height);
            pixel[2] = static_cast<uint8_t>((x + y) % 256);
        }
    return image;
}

core::RigParams quickParams()
{
    core::RigParams params;
    params.steps = 7;
    params.strength = 0.6;
    params.gamma = 0.5;
    params.positivePrompt = "a photo of a woman wearing a red dress";
    params.workingSize = 64;
    return params;
}

int largestDifference(const ImageBuffer& a, const ImageBuffer& b)
{
    int largest = 0;
    for (size_t i = 0; i < a.pixels.size(); ++i)
        largest = std::max(largest, std::abs(int(a.pixels[i]) - int(b.pixels[i])));
    return largest;
}

} // namespace

class TestRigEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadSaysWhatItDecided();
    void jobsNeedAModel();
    void parametersAreValidatedAtTheJobApi();
    void translateIsRepeatable();
    void sweepCellsMatchSingleTranslations();
    void cancelStopsTheJobAndKeepsTheEngineUsable();
    void metadataNamesModelAndInput();

private:
    core::RigEngine m_engine;
    std::vector<std::pair<core::LogLevel, std::string>> m_log;
};

void TestRigEngine::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_engine.setLogCallback([this](core::LogLevel level, const std::string& message) { m_log.emplace_back(level, message); });
    std::vector<core::RigPhase> phases;
    m_engine.load(tinySettings(), [&](const core::RigProgress& progress) { phases.push_back(progress.phase); });
    QVERIFY(m_engine.isLoaded());
    QVERIFY(!phases.empty());
    QVERIFY(std::all_of(phases.begin(), phases.end(), [](core::RigPhase phase) { return phase == core::RigPhase::Loading; }));
}

void TestRigEngine::loadSaysWhatItDecided()
{
    const auto said = [&](const std::string& text) {
        return std::any_of(m_log.begin(), m_log.end(), [&](const auto& line) { return line.second.find(text) != std::string::npos; });
    };
    QVERIFY(said("tokenizer: " + golden("tiny/model/tokenizer") + " (chosen in the settings)"));
    QVERIFY(said("computing on cpu"));
    QCOMPARE(m_engine.description(), std::string("model · CPU fp32")); // the precision as Settings names it
}

void TestRigEngine::jobsNeedAModel()
{
    core::RigEngine empty;
    QVERIFY(!empty.isLoaded());
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, empty.translate(gradient(64, 64), quickParams()));
}

void TestRigEngine::parametersAreValidatedAtTheJobApi()
{
    core::RigParams params = quickParams();
    params.strength = 1.5;
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, m_engine.translate(gradient(64, 64), params));
    params = quickParams();
    params.tacLevels = {9};
    QVERIFY_THROWS_EXCEPTION(InvalidArgumentError, m_engine.sweep(gradient(64, 64), params, {0.3}, {0.5}));
}

void TestRigEngine::translateIsRepeatable()
{
    const ImageBuffer input = gradient(64, 96);
    const ImageBuffer first = m_engine.translate(input, quickParams());
    QCOMPARE(first.height, 64);
    QCOMPARE(first.width, 40); // 2:3 kept at a 64-pixel long side, in multiples of 8
    const ImageBuffer second = m_engine.translate(input, quickParams());
    QVERIFY(first.pixels == second.pixels);
    QVERIFY(first.pixels != gradient(40, 64).pixels);
}

void TestRigEngine::sweepCellsMatchSingleTranslations()
{
    const ImageBuffer input = gradient(64, 64);
    int announced = 0;
    const auto cells = m_engine.sweep(input, quickParams(), {0.3, 0.6}, {0.0, 0.9},
                                      [&](const core::SweepCell&) { ++announced; });
    QCOMPARE(int(cells.size()), 4);
    QCOMPARE(announced, 4);
    for (const core::SweepCell& cell : cells) {
        core::RigParams params = quickParams();
        params.strength = cell.strength;
        params.gamma = cell.gamma;
        const ImageBuffer single = m_engine.translate(input, params);
        QCOMPARE(cell.image.width, single.width);
        // Shared prefixes run in other batch compositions: equal up to float32 rounding.
        QVERIFY2(largestDifference(cell.image, single) <= 2,
                 qPrintable(QStringLiteral("strength %1, gamma %2").arg(cell.strength).arg(cell.gamma)));
    }
}

void TestRigEngine::cancelStopsTheJobAndKeepsTheEngineUsable()
{
    core::StopFlag stop{false};
    const auto stopWhileGenerating = [&](const core::RigProgress& progress) {
        if (progress.phase == core::RigPhase::Generating)
            stop = true;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, m_engine.translate(gradient(64, 64), quickParams(), stopWhileGenerating, &stop));
    const ImageBuffer after = m_engine.translate(gradient(64, 64), quickParams());
    QCOMPARE(after.width, 64);
}

void TestRigEngine::metadataNamesModelAndInput()
{
    QTemporaryDir dir;
    const std::string input = dir.filePath(QStringLiteral("jacket render.png")).toStdString();
    std::ofstream(input, std::ios::binary) << "not even an image: only its bytes are hashed";
    const core::RigMetadata metadata = m_engine.metadata(input);
    QCOMPARE(metadata.modelName, std::string("model")); // the diffusers folder's name
    QCOMPARE(metadata.modelHash, core::sha256File(golden("tiny/model/unet/diffusion_pytorch_model.safetensors")).substr(0, 10));
    QCOMPARE(metadata.negativeEmbeddingHash, core::sha256File(golden("tiny/negative_embedding.safetensors")).substr(0, 10));
    QCOMPARE(metadata.sourceFile, input);
    QCOMPARE(metadata.sourceSha256, core::sha256File(input));

    const core::RigMetadata noInput = m_engine.metadata({});
    QCOMPARE(noInput.modelHash, metadata.modelHash);
    QVERIFY(noInput.sourceFile.empty());
    QVERIFY(noInput.sourceSha256.empty());
}

QTEST_GUILESS_MAIN(TestRigEngine)
#include "TestRigEngine.moc"
