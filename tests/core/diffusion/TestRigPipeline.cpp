#include "GoldenPipeline.h"
#include "TestConfig.h"

#include "core/api/BranchPlan.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <torch/torch.h>

#include <limits>

using namespace fr2r;

namespace {

// 2 x 3 tiles of 256 pixels over 384 x 448, with the GroupNorm statistics of a whole-size preview: what differs
// from an untiled pass is only the tiling itself.
core::VaeTiling wholePreviewTiling(int64_t height, int64_t width)
{
    core::VaeTiling tiling;
    tiling.tilePixels = 256;
    tiling.overlapPixels = 128;
    tiling.thresholdPixels = 256 * 256;
    tiling.previewPixels = height * width;
    return tiling;
}

at::Tensor smoothImage(int64_t height, int64_t width) // [1, 3, H, W] in [-1, 1]
{
    const auto y = torch::linspace(-1, 1, height).view({1, 1, height, 1});
    const auto x = torch::linspace(-1, 1, width).view({1, 1, 1, width});
    return torch::cat({0.8 * torch::sin(2 * x + y), 0.5 * x * y - 0.2, 0.6 * torch::cos(1.5 * y - x)}, 1)
        .expand({1, 3, height, width})
        .contiguous(); // sizes broadcast to [1, 3, H, W]
}

} // namespace

class TestRigPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void negativeContextMatchesReference();
    void reproducesGoldenCases_data();
    void reproducesGoldenCases();
    void gammaChangeReusesInversionAndPrefix();
    void smallerStrengthNeedsNoInversion();
    void sweepEqualsSeparateRuns();
    void tilesBlendWithoutSeams();
    void tiledVaeMatchesUntiledOnSmoothImage();
    void bfloat16ModelKeepsVaeInBfloat16();
    void convolutionLayoutsFollowPrecision();
    void cancelStopsWithinOneStep();
    void nonFiniteOutputStopsTheImage_data();
    void nonFiniteOutputStopsTheImage();

private:
    std::unique_ptr<core::StableDiffusionModel> m_model;
    std::unique_ptr<core::SafeTensorsFile> m_reference;
    at::Tensor m_input;
};

void TestRigPipeline::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    m_model = test::loadGoldenModel();
    m_reference = std::make_unique<core::SafeTensorsFile>(test::goldenPath("tiny/pipeline_reference.safetensors"));
    m_input = m_reference->load("input.image");
}

void TestRigPipeline::negativeContextMatchesReference()
{
    FR2R_COMPARE_TENSOR("negative.context", m_model->encodePrompt(m_model->negativePrompt()),
                        m_reference->load("negative.context"), 1e-4);
}

void TestRigPipeline::reproducesGoldenCases_data()
{
    QTest::addColumn<int>("index");
    const auto cases = test::goldenPipelineCases();
    for (size_t i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].name.c_str()) << static_cast<int>(i);
}

void TestRigPipeline::reproducesGoldenCases()
{
    QFETCH(int, index);
    const bench::PipelineCase golden = test::goldenPipelineCases()[index];
    QCOMPARE(golden.params.controlledSteps(), golden.controlledSteps);
    for (int repeat = 0; repeat < 2; ++repeat) {
        core::RigPipeline pipeline(*m_model); // fresh caches: every repeat recomputes everything
        const auto result = pipeline.run(m_input, "golden", golden.params, core::RunControl{});
        for (const auto& [name, actual] : {std::pair{"z0", result.z0}, {"inverted", result.inverted},
                                           {"final_latent", result.finalLatent}, {"image", result.image}})
            FR2R_COMPARE_TENSOR(golden.name + "." + name, actual, m_reference->load(golden.name + "." + name), 2e-3);
    }
}

void TestRigPipeline::gammaChangeReusesInversionAndPrefix()
{
    core::RigPipeline pipeline(*m_model);
    core::RigStats stats;
    core::RunControl control{{}, nullptr, &stats};
    core::RigParams params = test::goldenPipelineCases()[0].params; // N 10, s 0.6: K 6
    params.gamma = 0.5;                                              // 3 controlled steps
    pipeline.run(m_input, "img", params, control);
    QCOMPARE(stats.inversionUnetCalls, 6);
    QCOMPARE(stats.generationUnetCalls, 6);

    params.gamma = 1.0; // 6 controlled: shares the first 3 steps with the last run
    const auto resumed = pipeline.run(m_input, "img", params, control);
    QCOMPARE(stats.inversionUnetCalls, 6);
    QCOMPARE(stats.generationUnetCalls, 9);
    core::RigPipeline fresh(*m_model);
    FR2R_COMPARE_TENSOR("resumed", resumed.finalLatent, fresh.run(m_input, "img", params, {}).finalLatent, 1e-5);
}

void TestRigPipeline::smallerStrengthNeedsNoInversion()
{
    core::RigPipeline pipeline(*m_model);
    core::RigStats stats;
    core::RunControl control{{}, nullptr, &stats};
    core::RigParams params = test::goldenPipelineCases()[0].params;
    params.strength = 0.8;
    pipeline.run(m_input, "img", params, control);
    QCOMPARE(stats.inversionUnetCalls, 8);
    params.strength = 0.4;
    const auto smaller = pipeline.run(m_input, "img", params, control);
    QCOMPARE(stats.inversionUnetCalls, 8);
    core::RigPipeline fresh(*m_model);
    FR2R_COMPARE_TENSOR("prefix", smaller.finalLatent, fresh.run(m_input, "img", params, {}).finalLatent, 1e-5);
}

void TestRigPipeline::sweepEqualsSeparateRuns()
{
    const std::vector<double> strengths{0.3, 0.5, 0.7};
    const std::vector<double> gammas{0.0, 0.3, 0.6, 0.9};
    // In float64, so that only the sharing logic is compared: float32 rounding differs between a batch of
    // nine rows and one of three, and ten guided steps with random weights amplify it past 1e-5.
    const auto model = test::loadGoldenModel(at::kDouble);
    const at::Tensor input = m_input.to(at::kDouble);
    core::RigParams params = test::goldenPipelineCases()[0].params;
    params.steps = 10;
    core::RigPipeline pipeline(*model);
    core::RigStats stats;
    long long plannedRows = 0;
    for (double strength : {0.7, 0.5, 0.3}) {
        params.strength = strength;
        const auto latents = pipeline.sweepStrength(input, "img", params, gammas, core::RunControl{{}, nullptr, &stats});
        std::vector<int> controlled;
        for (size_t g = 0; g < gammas.size(); ++g) {
            core::RigParams single = params;
            single.gamma = gammas[g];
            controlled.push_back(single.controlledSteps());
            core::RigPipeline separate(*model);
            FR2R_COMPARE_TENSOR("cell", latents[g], separate.run(input, "img", single, {}).finalLatent, 1e-5);
        }
        plannedRows += core::BranchPlan::plannedRows(params.effectiveSteps(), controlled);
    }
    QCOMPARE(stats.inversionUnetCalls, 7); // one inversion, for the largest strength
    QCOMPARE(stats.unetRowsEvaluated - stats.inversionUnetCalls, plannedRows);
    QVERIFY(plannedRows < core::BranchPlan::naiveRows(7 + 5 + 3, gammas.size()));
}

void TestRigPipeline::tilesBlendWithoutSeams()
{
    // Position-independent tile functions must come out of the tiling exactly as from one pass:
    // the blend ramps of neighbouring tiles sum to one everywhere.
    torch::InferenceMode inference;
    const auto input = torch::rand({1, 4, 40, 56}, torch::kDouble);
    auto upscale = [](const at::Tensor& x) { return torch::upsample_nearest2d(x * 2.0 + 1.0, {x.size(2) * 8, x.size(3) * 8}); };
    FR2R_COMPARE_TENSOR("decode-like", core::VaeTiling::applyTiled(input, 16, 8, 8.0, upscale), upscale(input), 1e-12);
    const auto image = torch::rand({1, 3, 320, 448}, torch::kDouble);
    auto downscale = [](const at::Tensor& x) { return torch::avg_pool2d(x, 8); };
    FR2R_COMPARE_TENSOR("encode-like", core::VaeTiling::applyTiled(image, 128, 64, 1.0 / 8, downscale), downscale(image), 1e-12);
}

void TestRigPipeline::tiledVaeMatchesUntiledOnSmoothImage()
{
    // The check: tiled and untiled VAE agree within 1e-2 on a smooth image.
    torch::InferenceMode inference;
    const int64_t height = 384, width = 448;
    core::VaeTiling tiling = wholePreviewTiling(height, width);
    QVERIFY(tiling.applies(height, width));
    QCOMPARE(tiling.previewFactor(height, width), int64_t(1));
    const auto image = smoothImage(height, width);
    auto& vae = m_model->vae();
    const at::Tensor mean = vae->encode(image).mean;
    const at::Tensor decoded = vae->decode(mean);
    FR2R_COMPARE_TENSOR("encoded", tiling.encodeMean(vae, image), mean, 1e-2);
    FR2R_COMPARE_TENSOR("decoded", tiling.decode(vae, mean), decoded, 1e-2);

    // A downscaled preview (the default when an image is large) runs the same way, repeatably, and leaves the
    // VAE's own GroupNorm statistics in place afterwards.
    tiling.previewPixels = 256 * 256;
    QCOMPARE(tiling.previewFactor(height, width), int64_t(2));
    const at::Tensor previewDecoded = tiling.decode(vae, mean);
    QCOMPARE(previewDecoded.sizes(), decoded.sizes());
    FR2R_COMPARE_TENSOR("repeatable", tiling.decode(vae, mean), previewDecoded, 0.0);
    FR2R_COMPARE_TENSOR("untiled after tiling", vae->decode(mean), decoded, 0.0);
}

void TestRigPipeline::convolutionLayoutsFollowPrecision()
{
    // On the CPU the VAE's convolutions run channels-last (faster on its large maps); the UNet's only in
    // reduced precision: float32 channels-last kernels double the golden pipeline's error.
    const auto isChannelsLast = [](const at::Tensor& weight) {
        return !weight.is_contiguous() && weight.is_contiguous(at::MemoryFormat::ChannelsLast);
    };
    const auto convIn = [](torch::nn::Module& module) { return module.named_parameters()["conv_in.weight"]; };
    const auto bf16 = test::loadGoldenModel(at::kBFloat16);
    QVERIFY(isChannelsLast(convIn(*m_model->vae()->named_children()["decoder"])));
    QVERIFY(!isChannelsLast(convIn(*m_model->unet())));
    QVERIFY(isChannelsLast(convIn(*bf16->unet())));
}

void TestRigPipeline::bfloat16ModelKeepsVaeInBfloat16()
{
    // Only float16 upcasts the VAE (core::autoencoderDtype): bfloat16 weights stay bfloat16 in memory.
    const auto model = test::loadGoldenModel(at::kBFloat16);
    torch::InferenceMode inference;
    core::SafeTensorsFile reference(test::goldenPath("tiny/reference.safetensors"));
    QCOMPARE(model->vae()->parameters().front().scalar_type(), at::kBFloat16);
    QCOMPARE(model->unet()->parameters().front().scalar_type(), at::kBFloat16);
    FR2R_COMPARE_TENSOR("vae.decoded", model->vae()->decode(reference.load("vae.latent_mean")),
                        reference.load("vae.decoded"), 5e-2);

    // Tiles of a bfloat16 VAE take the same path (statistics and blending in float32) and agree as in float32.
    const auto image = smoothImage(384, 448).to(at::kBFloat16);
    auto& vae = model->vae();
    const at::Tensor mean = vae->encode(image).mean;
    const core::VaeTiling tiling = wholePreviewTiling(384, 448);
    FR2R_COMPARE_TENSOR("tiled encode", tiling.encodeMean(vae, image).to(at::kFloat), mean, 5e-2);
    FR2R_COMPARE_TENSOR("tiled decode", tiling.decode(vae, mean).to(at::kFloat), vae->decode(mean), 5e-2);
}

void TestRigPipeline::cancelStopsWithinOneStep()
{
    core::RigPipeline pipeline(*m_model);
    core::StopFlag stop{false};
    core::RigStats stats;
    int calls = 0;
    core::RunControl control{[&](const core::RigProgress& progress) {
                                 if (progress.phase == core::RigPhase::Inverting && ++calls == 2)
                                     stop = true;
                             },
                             &stop, &stats};
    QVERIFY_THROWS_EXCEPTION(Cancelled, pipeline.run(m_input, "img", test::goldenPipelineCases()[0].params, control));
    QCOMPARE(stats.inversionUnetCalls, 1);
}

void TestRigPipeline::nonFiniteOutputStopsTheImage_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("UNet") << "unet" << "conv_out.bias" << "the model produced non-finite values at inversion step 1 of ";
    // The negative embedding's row is the table's last: only the guided generation reads it.
    QTest::newRow("negative embedding") << "text_encoder" << "embeddings.token_embedding.weight"
                                        << "the model produced non-finite values at generation step 1 of ";
    QTest::newRow("VAE decoder") << "vae" << "decoder.conv_out.bias" << "the VAE decoder produced non-finite values";
}

// A NaN in a parameter after loading stands for a model that overflows during the run.
void TestRigPipeline::nonFiniteOutputStopsTheImage()
{
    QFETCH(QString, component);
    QFETCH(QString, parameter);
    QFETCH(QString, phrase);
    auto model = test::loadGoldenModel();
    torch::nn::Module& module = component == "unet" ? static_cast<torch::nn::Module&>(*model->unet())
        : component == "vae"                        ? static_cast<torch::nn::Module&>(*model->vae())
                                                    : static_cast<torch::nn::Module&>(*model->textEncoder());
    {
        torch::NoGradGuard noGrad;
        module.named_parameters()[parameter.toStdString()][-1].fill_(std::numeric_limits<float>::quiet_NaN());
    }
    core::RigPipeline pipeline(*model);
    try {
        pipeline.run(m_input, "nan", test::goldenPipelineCases().front().params, core::RunControl{});
        QFAIL("a run with non-finite model outputs returned an image");
    } catch (const Error& error) {
        QVERIFY2(QString::fromUtf8(error.what()).startsWith(phrase), error.what());
    }
}

QTEST_GUILESS_MAIN(TestRigPipeline)
#include "TestRigPipeline.moc"
