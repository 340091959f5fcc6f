// A domain pack written after training reloads through the inference loaders.
#include "TestConfig.h"

#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/api/Sha256.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/TextualInversionFile.h"
#include "core/training/DkiTrainer.h"
#include "core/training/DomainPack.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace fr2r;

namespace {

core::EngineSettings tinySettings()
{
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    return settings;
}

at::Tensor unetOutput(core::StableDiffusionModel& model)
{
    torch::InferenceMode inference;
    core::SafeTensorsFile reference(test::goldenPath("tiny/reference.safetensors"));
    return model.unet()->forward(reference.load("unet.t500.sample"), torch::full({}, int64_t(500), torch::kLong),
                                 reference.load("unet.t500.context"));
}

std::vector<core::TrainingExample> flatExamples()
{
    std::vector<core::TrainingExample> examples;
    for (uint8_t shade : {40, 200}) {
        ImageBuffer image(64, 64);
        std::fill(image.pixels.begin(), image.pixels.end(), shade);
        examples.push_back({image, "a photo"});
    }
    return examples;
}

std::string tinyUnetSha256()
{
    return core::sha256File(test::goldenPath("tiny/model/unet/diffusion_pytorch_model.safetensors"));
}

// A pack after three LoRA steps, recording baseSha256 as its base model.
std::string writeTrainedPack(const QTemporaryDir& dir, const std::string& baseSha256)
{
    core::TrainingSettings settings;
    settings.steps = 3;
    settings.learningRate = 1e-2;
    settings.resolution = 64;
    auto model = core::StableDiffusionModel::load(tinySettings(), core::ComputeContext(at::kCPU, at::kFloat));
    core::DkiTrainer trainer(*model, settings, flatExamples(), dir.filePath("run").toStdString());
    trainer.run();
    core::DomainPackInfo info;
    info.baseModelSha256 = baseSha256;
    info.token = "<rendered>";
    info.loraSettings = settings;
    const std::string pack = dir.filePath("pack").toStdString();
    core::writeDomainPack(pack, *trainer.lora(), torch::randn({2, model->textEncoder()->config().hiddenSize}), info);
    return pack;
}

// The warnings the model loader logs while loading settings.
std::vector<std::string> loadWarnings(const core::EngineSettings& settings)
{
    std::vector<std::string> warnings;
    const core::JobLog::Scope scope([&](core::LogLevel level, const std::string& message) {
        if (level == core::LogLevel::Warning)
            warnings.push_back(message);
    });
    core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
    return warnings;
}

} // namespace

class TestDomainPack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void reloadsThroughTheInferenceLoaders();
    void packFolderLoadsLikeItsFiles();
    void packForAnotherBaseModelWarns();
};

void TestDomainPack::reloadsThroughTheInferenceLoaders()
{
    QTemporaryDir dir;
    core::TrainingSettings settings;
    settings.steps = 3;
    settings.learningRate = 1e-2;
    settings.resolution = 64;
    settings.alpha = 8.0; // scale 2: the pack must fold it into lora_B
    auto model = core::StableDiffusionModel::load(tinySettings(), core::ComputeContext(at::kCPU, at::kFloat));
    const at::Tensor base = unetOutput(*model);
    core::DkiTrainer trainer(*model, settings, flatExamples(), dir.filePath("run").toStdString());
    trainer.run();

    core::DomainPackInfo info;
    info.baseModelSha256 = core::sha256File(test::goldenPath("tiny/model/unet/diffusion_pytorch_model.safetensors"));
    info.token = "<rendered>";
    info.loraSettings = settings;
    info.loraLoss = trainer.lossHistory();
    const at::Tensor rows = torch::randn({2, model->textEncoder()->config().hiddenSize});
    const std::string pack = dir.filePath("pack").toStdString();
    core::writeDomainPack(pack, *trainer.lora(), rows, info);

    // The trained model itself, the LoRA applied as during training, is what the merged pack must compute.
    trainer.lora()->apply();
    const at::Tensor trained = unetOutput(*model);
    trainer.lora()->restore();

    core::EngineSettings withPack = tinySettings();
    withPack.loras.push_back({pack + "/lora.safetensors", 1.0});
    withPack.negativeEmbeddingPath = pack + "/negative_embedding.safetensors";
    auto first = core::StableDiffusionModel::load(withPack, core::ComputeContext(at::kCPU, at::kFloat));
    auto second = core::StableDiffusionModel::load(withPack, core::ComputeContext(at::kCPU, at::kFloat));
    const at::Tensor once = unetOutput(*first);
    QVERIFY(torch::equal(once, unetOutput(*second)));
    QVERIFY(!torch::allclose(once, base, 1e-4, 1e-5)); // the LoRA changes the output
    FR2R_COMPARE_TENSOR("merged pack vs trained side paths", once, trained, 1e-5);

    const auto embedding = core::loadTextualInversion(pack + "/negative_embedding.safetensors");
    QCOMPARE(embedding.token, info.token);
    QVERIFY(torch::equal(embedding.vectors, rows));
    QCOMPARE(first->negativePrompt(), info.token);

    std::ifstream stream(pack + "/pack.json");
    const auto json = nlohmann::json::parse(stream);
    QCOMPARE(json.at("format_version").get<int>(), 1);
    QCOMPARE(json.at("base_model_sha256").get<std::string>(), info.baseModelSha256);
    QCOMPARE(json.at("lora").at("loss_history").get<std::vector<double>>(), trainer.lossHistory());
}

void TestDomainPack::packFolderLoadsLikeItsFiles()
{
    QTemporaryDir dir;
    const std::string pack = writeTrainedPack(dir, tinyUnetSha256());
    core::EngineSettings byFiles = tinySettings();
    byFiles.loras.push_back({pack + "/lora.safetensors", 1.0});
    byFiles.negativeEmbeddingPath = pack + "/negative_embedding.safetensors";
    core::EngineSettings byFolder = tinySettings();
    byFolder.packPath = pack;
    auto expected = core::StableDiffusionModel::load(byFiles, core::ComputeContext(at::kCPU, at::kFloat));
    auto actual = core::StableDiffusionModel::load(byFolder, core::ComputeContext(at::kCPU, at::kFloat));
    QVERIFY(torch::equal(unetOutput(*actual), unetOutput(*expected)));
    QCOMPARE(actual->negativePrompt(), std::string("<rendered>"));
    QCOMPARE(actual->settings().negativeEmbeddingPath, byFiles.negativeEmbeddingPath);
    QVERIFY(loadWarnings(byFolder).empty()); // made for this very model

    std::filesystem::remove(pack + "/pack.json");
    QVERIFY_THROWS_EXCEPTION(ModelFormatError, core::StableDiffusionModel::load(byFolder, core::ComputeContext(at::kCPU, at::kFloat)));
}

void TestDomainPack::packForAnotherBaseModelWarns()
{
    QTemporaryDir dir;
    const std::string otherSha256(64, 'a');
    core::EngineSettings settings = tinySettings();
    settings.packPath = writeTrainedPack(dir, otherSha256);
    const auto warnings = loadWarnings(settings);
    QCOMPARE(warnings.size(), size_t(1));
    QVERIFY2(warnings[0].find(otherSha256) != std::string::npos, warnings[0].c_str());
    QVERIFY2(warnings[0].find(tinyUnetSha256()) != std::string::npos, warnings[0].c_str());
}

QTEST_GUILESS_MAIN(TestDomainPack)
#include "TestDomainPack.moc"
