// A domain pack written after training reloads through the inference loaders.
#include "TestConfig.h"

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

} // namespace

class TestDomainPack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void reloadsThroughTheInferenceLoaders();
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

QTEST_GUILESS_MAIN(TestDomainPack)
#include "TestDomainPack.moc"
