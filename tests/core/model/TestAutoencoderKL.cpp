#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/ComponentWeights.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/StateDictLoader.h"
#include "core/model/AutoencoderKL.h"
#include "core/model/GroupNormStatistics.h"
#include "core/model/RowBandPlan.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <memory>

using fr2r::core::AutoencoderConfig;
using fr2r::core::AutoencoderKL;

Q_DECLARE_METATYPE(at::ScalarType)
Q_DECLARE_METATYPE(std::string)

namespace {

nlohmann::json goldenVaeConfig()
{
    std::ifstream configFile(fr2r::test::goldenPath("tiny/model/vae/config.json"));
    return nlohmann::json::parse(configFile);
}

// The golden tiny VAE in dtype; the file's names are the diffusers names.
AutoencoderKL loadGoldenVae(at::ScalarType dtype)
{
    AutoencoderKL model(AutoencoderConfig::fromJson(goldenVaeConfig()));
    auto file = std::make_shared<const fr2r::core::SafeTensorsFile>(
        fr2r::test::goldenPath("tiny/model/vae/diffusion_pytorch_model.safetensors"));
    fr2r::core::ComponentWeights weights("vae");
    for (const auto& info : file->tensors())
        weights.add(info.name, file, info.name);
    fr2r::core::loadStateDict(*model, weights, dtype, at::kCPU);
    return model;
}

} // namespace

class TestAutoencoderKL : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void matchesGolden_data();
    void matchesGolden();
    void rejectsWrongChannels();
    void rejectsUnsupportedConfig_data();
    void rejectsUnsupportedConfig();
    void sharedGroupNormStatisticsReplayInOrder();
    void upcastsOnlyFloat16();
    void budgetedEqualsWhole_data();
    void budgetedEqualsWhole();
};

void TestAutoencoderKL::matchesGolden_data()
{
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<double>("factor");
    QTest::addColumn<std::string>("keyPrefix");
    QTest::newRow("float32") << at::kFloat << 1e-4 << std::string();
    QTest::newRow("bfloat16") << at::kBFloat16 << 5e-2 << std::string();
    // 72x56: a 9x7 latent, which the UNet's downsampling does not divide (odd_size_reference.safetensors).
    QTest::newRow("float32 72x56") << at::kFloat << 1e-4 << std::string("odd.");
    QTest::newRow("bfloat16 72x56") << at::kBFloat16 << 5e-2 << std::string("odd.");
}

void TestAutoencoderKL::matchesGolden()
{
    QFETCH(at::ScalarType, dtype);
    QFETCH(double, factor);
    QFETCH(std::string, keyPrefix);
    auto vae = loadGoldenVae(dtype);
    QCOMPARE(vae->downscaleFactor(), int64_t(8));
    fr2r::core::SafeTensorsFile reference(
        fr2r::test::goldenPath(keyPrefix.empty() ? "tiny/reference.safetensors" : "tiny/odd_size_reference.safetensors"));
    const auto image = reference.load(keyPrefix + "vae.image");
    const auto mean = reference.load(keyPrefix + "vae.latent_mean");
    const auto logvar = reference.load(keyPrefix + "vae.latent_logvar");
    const auto decoded = reference.load(keyPrefix + "vae.decoded");
    c10::InferenceMode inference;
    for (int run = 0; run < 3; ++run) {
        const auto latent = vae->encode(image);
        QCOMPARE(latent.mean.scalar_type(), dtype);
        FR2R_COMPARE_TENSOR("vae.latent_mean", latent.mean, mean, factor);
        FR2R_COMPARE_TENSOR("vae.latent_logvar", latent.logvar, logvar, factor);
        // bfloat16 decodes within 5e-2 (0.110 against 0.125) since GroupNorm computes in float32.
        FR2R_COMPARE_TENSOR("vae.decoded", vae->decode(mean), decoded, factor);
    }
}

void TestAutoencoderKL::rejectsWrongChannels()
{
    auto vae = loadGoldenVae(at::kFloat);
    c10::InferenceMode inference;
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, vae->encode(torch::zeros({1, 4, 64, 64})));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, vae->decode(torch::zeros({1, 3, 8, 8})));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, vae->decode(torch::zeros({4, 8, 8})));
}

void TestAutoencoderKL::rejectsUnsupportedConfig_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("down block type") << "down_block_types"
                                     << R"(["DownEncoderBlock2D", "AttnDownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"])";
    QTest::newRow("up block count") << "up_block_types" << R"(["UpDecoderBlock2D"])";
    QTest::newRow("channels not divisible by groups") << "block_out_channels" << "[32, 32, 64, 48]";
    QTest::newRow("activation") << "act_fn" << R"("gelu")";
    QTest::newRow("wrong type") << "layers_per_block" << R"("two")";
}

void TestAutoencoderKL::rejectsUnsupportedConfig()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    auto config = goldenVaeConfig();
    config[key.toStdString()] = nlohmann::json::parse(value.toStdString());
    try {
        AutoencoderConfig::fromJson(config);
        QFAIL("the config was accepted");
    } catch (const fr2r::ModelFormatError& error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(key), error.what());
    }
}

void TestAutoencoderKL::sharedGroupNormStatisticsReplayInOrder()
{
    auto vae = loadGoldenVae(at::kFloat);
    fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("tiny/reference.safetensors"));
    const auto image = reference.load("vae.image");
    c10::InferenceMode inference;
    const at::Tensor own = vae->encodeFeatures(image);
    fr2r::core::GroupNormStatistics statistics;
    vae->setGroupNormStatistics(&statistics);
    statistics.startRecording();
    FR2R_COMPARE_TENSOR("recording", vae->encodeFeatures(image), own, 1e-5);
    statistics.startReplay();
    FR2R_COMPARE_TENSOR("replay", vae->encodeFeatures(image), own, 1e-5);
    // A replay on a half of the image normalises with the whole image's statistics, not its own.
    statistics.startReplay();
    const at::Tensor half = image.narrow(3, 0, image.size(3) / 2);
    const at::Tensor replayedHalf = vae->encodeFeatures(half);
    vae->setGroupNormStatistics(nullptr);
    QVERIFY(fr2r::test::maxAbsError(replayedHalf, vae->encodeFeatures(half)) > 1e-3);
    // The decoder makes more GroupNorm calls than were recorded: an error, never a silently wrong picture.
    vae->setGroupNormStatistics(&statistics);
    statistics.startReplay();
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, vae->decodeFeatures(vae->decodeTrunk(reference.load("vae.latent_mean"))));
    vae->setGroupNormStatistics(nullptr);
}

void TestAutoencoderKL::upcastsOnlyFloat16()
{
    fr2r::core::AutoencoderConfig config;
    config.forceUpcast = true;
    QCOMPARE(fr2r::core::autoencoderDtype(config, at::kHalf), at::kFloat);
    QCOMPARE(fr2r::core::autoencoderDtype(config, at::kBFloat16), at::kBFloat16);
    QCOMPARE(fr2r::core::autoencoderDtype(config, at::kFloat), at::kFloat);
    config.forceUpcast = false;
    QCOMPARE(fr2r::core::autoencoderDtype(config, at::kHalf), at::kHalf);
}

void TestAutoencoderKL::budgetedEqualsWhole_data()
{
    QTest::addColumn<bool>("sd15Shaped");
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<int64_t>("budget");
    QTest::addColumn<double>("factor");
    QTest::newRow("golden float32") << false << at::kFloat << int64_t(256 << 10) << 1e-5;
    // bf16 rounds a normalised value differently where the statistics differ in their last bit.
    QTest::newRow("golden bfloat16") << false << at::kBFloat16 << int64_t(256 << 10) << 5e-2;
    // Random weights amplify a last-bit difference through ~30 layers (1.5e-5 of outputs up to 14): the golden
    // float32 tolerance.
    QTest::newRow("SD 1.5-shaped float32, random weights") << true << at::kFloat << int64_t(1 << 20) << 1e-4;
}

// The VAE under a budget small enough to run its full-resolution stages in row bands gives the whole pass's
// result: the GroupNorm statistics stay those of the whole map, only their summation order differs.
void TestAutoencoderKL::budgetedEqualsWhole()
{
    QFETCH(bool, sd15Shaped);
    QFETCH(at::ScalarType, dtype);
    QFETCH(int64_t, budget);
    QFETCH(double, factor);
    torch::manual_seed(11);
    AutoencoderKL vae = sd15Shaped ? AutoencoderKL(AutoencoderConfig::sd15()) : loadGoldenVae(dtype);
    vae->to(dtype);
    for (at::Tensor& parameter : vae->parameters()) // as StableDiffusionModel runs it on the CPU
        if (parameter.dim() == 4)
            parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
    const at::Tensor image = torch::rand({1, 3, 64, 48}) * 2 - 1;
    c10::InferenceMode inference;
    const at::Tensor mean = vae->encode(image).mean;
    const at::Tensor decoded = vae->decode(mean);
    QVERIFY(fr2r::core::rowBandPlans(*vae).empty());
    fr2r::core::setRowBandBudget(*vae, budget);
    FR2R_COMPARE_TENSOR("budgeted encode", vae->encode(image).mean, mean, factor);
    QVERIFY(!fr2r::core::rowBandPlans(*vae).empty());
    FR2R_COMPARE_TENSOR("budgeted decode", vae->decode(mean), decoded, factor);
    const auto plans = fr2r::core::rowBandPlans(*vae);
    const bool upsampleBanded = std::any_of(plans.begin(), plans.end(), [](const auto& plan) {
        return std::string(plan.stage) == "upsample + conv";
    });
    QVERIFY2(upsampleBanded && plans.front().bandBytes <= budget, plans.front().describe().c_str());
}

QTEST_GUILESS_MAIN(TestAutoencoderKL)
#include "TestAutoencoderKL.moc"
