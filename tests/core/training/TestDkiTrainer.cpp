// The DKI training loop on the tiny golden model with a few generated images.
#include "TestConfig.h"

#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/SafeTensorsFile.h"
#include "core/training/DkiTrainer.h"
#include "core/training/NoisePredictionObjective.h"
#include "support/TensorCompare.h"

#include <QTemporaryDir>
#include <QtTest>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace fr2r;

namespace {

constexpr int kResolution = 64;

std::unique_ptr<core::StableDiffusionModel> tinyModel()
{
    core::EngineSettings settings;
    settings.modelPath = test::goldenPath("tiny/model");
    settings.tokenizerPath = test::goldenPath("tiny/model/tokenizer");
    return core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, at::kFloat));
}

// Four images: smooth colour gradients, each with its own hue and direction.
std::vector<core::TrainingExample> generatedExamples()
{
    std::vector<core::TrainingExample> examples;
    for (int i = 0; i < 4; ++i) {
        ImageBuffer image(kResolution, kResolution);
        for (int y = 0; y < kResolution; ++y)
            for (int x = 0; x < kResolution; ++x) {
                uint8_t* pixel = image.row(y) + x * 3;
                pixel[0] = static_cast<uint8_t>((i % 2 ? x : y) * 4);
                pixel[1] = static_cast<uint8_t>(60 * i);
                pixel[2] = static_cast<uint8_t>(255 - (x + y) * 2);
            }
        examples.push_back({image, i % 2 ? "a photo of a dress" : ""});
    }
    return examples;
}

core::TrainingSettings loraSettings(int64_t steps)
{
    core::TrainingSettings settings;
    settings.steps = steps;
    settings.batchSize = 2;
    settings.learningRate = 1e-2;
    settings.warmupSteps = 2;
    settings.resolution = kResolution;
    settings.seed = 5;
    settings.checkpointEvery = 3;
    return settings;
}

// The noise-prediction loss of fixed random latents and noise at timestep 500 for the caption "a dress".
at::Tensor fixedLoss(core::StableDiffusionModel& model, const core::NoisePredictionObjective& objective)
{
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(7);
    const int64_t channels = model.unet()->config().inChannels;
    const at::Tensor latents = torch::randn({1, channels, 16, 16}, generator);
    const at::Tensor noise = torch::randn({1, channels, 16, 16}, generator);
    at::Tensor context;
    {
        torch::NoGradGuard frozenText;
        const at::Tensor ids = torch::tensor(model.tokenizer().encode("a dress"), torch::kLong).view({1, -1});
        context = model.textEncoder()->forward(ids).lastHiddenState;
    }
    return objective.loss(latents, noise, torch::tensor({500}, torch::kLong), context);
}

double mean(const std::vector<double>& values, size_t first, size_t count)
{
    return std::accumulate(values.begin() + first, values.begin() + first + count, 0.0) / count;
}

} // namespace

class TestDkiTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void loraStepsLowerTheLoss();
    void resumeEqualsUninterruptedRun();
    void textualInversionChangesOnlyNewRows();
    void cancelKeepsTheLastCheckpoint();
    void cachedLatentsGiveTheUncachedLosses();
    void loraDifferentiatesOnlyItsMatrices();
};

void TestDkiTrainer::loraStepsLowerTheLoss()
{
    QTemporaryDir dir;
    auto model = tinyModel();
    core::DkiTrainer trainer(*model, loraSettings(40), generatedExamples(), dir.filePath("run").toStdString());
    trainer.run();
    const auto& losses = trainer.lossHistory();
    QCOMPARE(losses.size(), size_t(40));
    QVERIFY2(mean(losses, 35, 5) < mean(losses, 0, 5),
             qPrintable(QString("first 5: %1, last 5: %2").arg(mean(losses, 0, 5)).arg(mean(losses, 35, 5))));
}

void TestDkiTrainer::resumeEqualsUninterruptedRun()
{
    QTemporaryDir dir;
    auto whole = tinyModel();
    core::DkiTrainer uninterrupted(*whole, loraSettings(7), generatedExamples(), dir.filePath("whole").toStdString());
    uninterrupted.run();

    const std::string folder = dir.filePath("parts").toStdString();
    {
        auto first = tinyModel();
        core::DkiTrainer part(*first, loraSettings(3), generatedExamples(), folder); // checkpoint at step 3
        part.run();
    }
    auto second = tinyModel();
    core::DkiTrainer resumed(*second, loraSettings(7), generatedExamples(), folder);
    resumed.run();

    QCOMPARE(resumed.lossHistory(), uninterrupted.lossHistory());
    const auto expected = uninterrupted.lora()->namedMatrices();
    const auto actual = resumed.lora()->namedMatrices();
    QCOMPARE(actual.size(), expected.size());
    for (size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(torch::equal(actual[i].second, expected[i].second), actual[i].first.c_str());
}

void TestDkiTrainer::textualInversionChangesOnlyNewRows()
{
    QTemporaryDir dir;
    auto model = tinyModel();
    const at::Tensor before = model->textEncoder()->named_parameters()["embeddings.token_embedding.weight"].detach().clone();
    core::TrainingSettings settings = loraSettings(4);
    settings.stage = core::TrainingStage::Embedding;
    core::DkiTrainer trainer(*model, settings, generatedExamples(), dir.filePath("ti").toStdString());
    trainer.run();
    const at::Tensor after = model->textEncoder()->named_parameters()["embeddings.token_embedding.weight"].detach();
    const int64_t rows = before.size(0);
    QCOMPARE(after.size(0), rows + settings.vectors);
    QVERIFY(torch::equal(after.narrow(0, 0, rows), before));
    QVERIFY(torch::equal(after.narrow(0, rows, settings.vectors), trainer.embedding()->rows().detach()));
    const at::Tensor initial = before[model->tokenizer().encode(settings.initializerToken)[1]];
    for (int64_t i = 0; i < settings.vectors; ++i)
        QVERIFY(!torch::equal(after[rows + i], initial)); // they learned
    for (const auto& parameter : model->unet()->parameters())
        QVERIFY(!parameter.grad().defined()); // the UNet stayed frozen
}

void TestDkiTrainer::cancelKeepsTheLastCheckpoint()
{
    QTemporaryDir dir;
    const std::string folder = dir.filePath("cancelled").toStdString();
    auto model = tinyModel();
    core::DkiTrainer trainer(*model, loraSettings(10), generatedExamples(), folder);
    core::StopFlag stop{false};
    bool cancelled = false;
    try {
        trainer.run([&](const core::TrainingProgress& progress) { stop = progress.step == 4; }, &stop);
    } catch (const Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(trainer.step(), int64_t(4)); // stopped before the fifth step
    core::SafeTensorsFile checkpoint(core::TrainingCheckpoint(folder).tensorsPath());
    QCOMPARE(checkpoint.metadata().at("step"), std::string("3")); // the last one written (every 3 steps)
    for (const auto& [key, matrix] : trainer.lora()->namedMatrices())
        QVERIFY2(checkpoint.contains(key) && checkpoint.contains("adamw." + key + ".exp_avg"), key.c_str());
    auto fresh = tinyModel();
    core::DkiTrainer resumed(*fresh, loraSettings(10), generatedExamples(), folder);
    resumed.run();
    QCOMPARE(resumed.step(), int64_t(10));
}

// The cache samples each step from the encoder's distribution of the drawn image or of its flip, with the step's
// generator: the same draws as encoding every step, so the same losses (bitwise at batch 1, where a step encodes
// one image as the cache does) and the same LoRA.
void TestDkiTrainer::cachedLatentsGiveTheUncachedLosses()
{
    QTemporaryDir dir;
    core::TrainingSettings settings = loraSettings(6);
    settings.batchSize = 1; // seed 5 draws flipped and unflipped images in these steps
    settings.cacheLatents = false;
    auto plainModel = tinyModel();
    core::DkiTrainer plain(*plainModel, settings, generatedExamples(), dir.filePath("plain").toStdString());
    plain.run();

    settings.cacheLatents = true;
    std::vector<std::string> log;
    const core::JobLog::Scope logScope([&](core::LogLevel, const std::string& line) { log.push_back(line); });
    auto cachedModel = tinyModel();
    core::DkiTrainer cached(*cachedModel, settings, generatedExamples(), dir.filePath("cached").toStdString());
    cached.run();

    QCOMPARE(cached.lossHistory(), plain.lossHistory());
    const auto expected = plain.lora()->namedMatrices();
    const auto actual = cached.lora()->namedMatrices();
    for (size_t i = 0; i < actual.size(); ++i)
        QVERIFY2(torch::equal(actual[i].second, expected[i].second), actual[i].first.c_str());
    QVERIFY(std::any_of(log.begin(), log.end(), [](const std::string& line) {
        return line.rfind("cached latents of 4 images at 64 px (", 0) == 0;
    }));
}

// The LoRA is a side path: every projection computes with its registered frozen weight (no W + B A rebuilt and
// differentiated as an [out, in] matrix each step), only A and B get gradients, and the merged weights of frozen
// use compute the same function.
void TestDkiTrainer::loraDifferentiatesOnlyItsMatrices()
{
    auto model = tinyModel();
    const core::NoisePredictionObjective objective(*model); // freezes the model's parameters
    core::LoraLayers lora(*model->unet(), {}, at::make_generator<at::CPUGeneratorImpl>(3));
    {
        torch::NoGradGuard noGrad; // B non-zero, so that the side paths change the output
        at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(4);
        for (auto& matrix : lora.parameters())
            matrix.uniform_(-0.2, 0.2, generator);
    }
    const auto registered = model->unet()->named_parameters();
    torch::AutoGradMode gradients(true);
    lora.apply();
    for (const auto& item : model->unet()->named_modules("", false))
        if (const auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(item.value()))
            QVERIFY2(linear->weight.is_same(registered[item.key() + ".weight"]), item.key().c_str());
    const at::Tensor sidePaths = fixedLoss(*model, objective);
    sidePaths.backward();
    for (const auto& parameter : model->unet()->parameters())
        QVERIFY(!parameter.grad().defined());
    const auto matrices = lora.parameters(); // in namedMatrices()' order
    const auto names = lora.namedMatrices();
    for (size_t i = 0; i < matrices.size(); ++i)
        QVERIFY2(matrices[i].grad().defined() && matrices[i].grad().abs().max().item<double>() > 0.0,
                 names[i].first.c_str());

    torch::NoGradGuard noGrad;
    lora.applyMerged();
    const at::Tensor merged = fixedLoss(*model, objective);
    lora.restore();
    const at::Tensor base = fixedLoss(*model, objective);
    QVERIFY(std::abs(merged.item<double>() - sidePaths.item<double>()) <= 1e-5 * sidePaths.item<double>());
    QVERIFY(std::abs(base.item<double>() - sidePaths.item<double>()) > 1e-4 * sidePaths.item<double>()); // not vacuous
}

QTEST_GUILESS_MAIN(TestDkiTrainer)
#include "TestDkiTrainer.moc"
