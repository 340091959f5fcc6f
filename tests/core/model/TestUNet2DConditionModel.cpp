#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/ComponentWeights.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/StateDictLoader.h"
#include "core/model/AttentionControl.h"
#include "core/model/UNet2DConditionModel.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <map>
#include <memory>

using fr2r::core::AttentionSite;
using fr2r::core::ComponentWeights;
using fr2r::core::UNet2DConditionModel;
using fr2r::core::UNetConfig;

Q_DECLARE_METATYPE(at::ScalarType)
Q_DECLARE_METATYPE(std::string)

namespace {

const char* const kWeightsFile = "tiny/model/unet/diffusion_pytorch_model.safetensors";

UNetConfig goldenUNetConfig()
{
    std::ifstream configFile(fr2r::test::goldenPath("tiny/model/unet/config.json"));
    return UNetConfig::fromJson(nlohmann::json::parse(configFile));
}

// The golden tiny UNet's weights; the file's names are the diffusers names.
ComponentWeights goldenWeights()
{
    auto file = std::make_shared<const fr2r::core::SafeTensorsFile>(fr2r::test::goldenPath(kWeightsFile));
    ComponentWeights weights("unet");
    for (const auto& info : file->tensors())
        weights.add(info.name, file, info.name);
    return weights;
}

UNet2DConditionModel loadGoldenUNet(at::ScalarType dtype)
{
    UNet2DConditionModel model(goldenUNetConfig());
    fr2r::core::loadStateDict(*model, goldenWeights(), dtype, at::kCPU);
    return model;
}

struct Inputs
{
    at::Tensor sample;
    at::Tensor context;
    at::Tensor expected;
};

// keyPrefix "odd." reads odd_size_reference.safetensors: a 9x7 latent, which the UNet's downsampling does not divide.
Inputs goldenInputs(int timestep, const std::string& keyPrefix = "")
{
    fr2r::core::SafeTensorsFile reference(
        fr2r::test::goldenPath(keyPrefix.empty() ? "tiny/reference.safetensors" : "tiny/odd_size_reference.safetensors"));
    const std::string prefix = keyPrefix + "unet.t" + std::to_string(timestep);
    return {reference.load(prefix + ".sample"), reference.load(prefix + ".context"), reference.load(prefix + ".out")};
}

// Records the sites and query/key shapes of every call; changes nothing.
class RecordingControl : public fr2r::core::AttentionControl
{
public:
    void adjustQueryKey(const AttentionSite& site, at::Tensor& query, at::Tensor& key) override
    {
        sites.push_back(site);
        tokens.push_back(query.size(1));
        QCOMPARE(key.sizes(), query.sizes());
    }
    std::vector<AttentionSite> sites;
    std::vector<int64_t> tokens;
};

} // namespace

class TestUNet2DConditionModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void readsConfig();
    void parameterNamesAreDiffusersKeys();
    void matchesGolden_data();
    void matchesGolden();
    void chunkedAttentionMatches();
    void loaderListsMismatchedNames();
    void controlSeesSelfAttentionSites();
    void passiveControlIsBitIdentical();
};

void TestUNet2DConditionModel::readsConfig()
{
    const UNetConfig config = goldenUNetConfig();
    QCOMPARE(config.blockOutChannels, (std::vector<int>{32, 32, 64, 64}));
    QCOMPARE(config.attentionHeadDim, (std::vector<int>{8, 8, 8, 8}));
    QCOMPARE(config.crossAttentionDim, 32);
    QCOMPARE(config.layersPerBlock, 2);
    QVERIFY(!config.useLinearProjection);

    nlohmann::json bad = {{"block_out_channels", {32, 48}},
                          {"down_block_types", {"CrossAttnDownBlock2D", "DownBlock2D"}},
                          {"up_block_types", {"UpBlock2D", "CrossAttnUpBlock2D"}}};
    QVERIFY_THROWS_EXCEPTION(fr2r::ModelFormatError, UNetConfig::fromJson(bad)); // 48 channels, 32 groups
    QVERIFY_THROWS_EXCEPTION(fr2r::ModelFormatError, UNetConfig::fromJson({{"class_embed_type", "timestep"}}));
}

void TestUNet2DConditionModel::parameterNamesAreDiffusersKeys()
{
    UNet2DConditionModel model(goldenUNetConfig());
    const ComponentWeights weights = goldenWeights();
    std::vector<std::string> names;
    for (const auto& item : model->named_parameters())
        names.push_back(item.key());
    std::sort(names.begin(), names.end());
    QCOMPARE(names, weights.names());
    QVERIFY(model->named_parameters().contains("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0.weight"));
    QVERIFY(model->named_parameters().contains("up_blocks.3.attentions.2.transformer_blocks.0.ff.net.2.bias"));
}

void TestUNet2DConditionModel::matchesGolden_data()
{
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<int>("timestep");
    QTest::addColumn<double>("factor");
    QTest::addColumn<std::string>("keyPrefix");
    for (const std::string keyPrefix : {"", "odd."}) {
        for (int timestep : keyPrefix.empty() ? std::vector<int>{981, 500, 1} : std::vector<int>{981, 500}) {
            const std::string t = keyPrefix + "t" + std::to_string(timestep);
            QTest::newRow(("float32 " + t).c_str()) << at::kFloat << timestep << 1e-4 << keyPrefix;
            QTest::newRow(("bfloat16 " + t).c_str()) << at::kBFloat16 << timestep << 5e-2 << keyPrefix;
        }
    }
}

void TestUNet2DConditionModel::matchesGolden()
{
    QFETCH(at::ScalarType, dtype);
    QFETCH(int, timestep);
    QFETCH(double, factor);
    QFETCH(std::string, keyPrefix);
    auto unet = loadGoldenUNet(dtype);
    const Inputs inputs = goldenInputs(timestep, keyPrefix);
    const at::Tensor t = torch::full({inputs.sample.size(0)}, timestep, torch::kLong);
    c10::InferenceMode inference;
    for (int run = 0; run < 3; ++run) {
        const at::Tensor out = unet->forward(inputs.sample, t, inputs.context);
        QCOMPARE(out.scalar_type(), at::kFloat); // returned in the sample's dtype
        FR2R_COMPARE_TENSOR("unet.t" + std::to_string(timestep) + ".out", out, inputs.expected, factor);
    }
    // A scalar timestep is broadcast over the batch.
    const at::Tensor scalar = unet->forward(inputs.sample, torch::tensor(int64_t(timestep)), inputs.context);
    FR2R_COMPARE_TENSOR("unet scalar timestep", scalar, inputs.expected, factor);
}

void TestUNet2DConditionModel::chunkedAttentionMatches()
{
    auto unet = loadGoldenUNet(at::kFloat);
    const Inputs inputs = goldenInputs(500);
    const at::Tensor t = torch::tensor(int64_t(500));
    c10::InferenceMode inference;
    unet->setAttentionChunkSize(7); // uneven chunks of the 64 and 16 query tokens
    const at::Tensor chunked = unet->forward(inputs.sample, t, inputs.context);
    unet->setAttentionChunkSize(0);
    FR2R_COMPARE_TENSOR("unet chunked", chunked, inputs.expected, 1e-4);
    // Chunked and unchunked attention differ at most by the summation order of the float32 GEMMs.
    FR2R_COMPARE_TENSOR("unet chunked vs unchunked", chunked, unet->forward(inputs.sample, t, inputs.context), 1e-6);
}

void TestUNet2DConditionModel::loaderListsMismatchedNames()
{
    UNet2DConditionModel model(goldenUNetConfig());
    const ComponentWeights complete = goldenWeights();
    auto file = std::make_shared<const fr2r::core::SafeTensorsFile>(fr2r::test::goldenPath(kWeightsFile));
    ComponentWeights broken("unet");
    for (const std::string& name : complete.names())
        if (name != "conv_in.bias")
            broken.add(name, file, name);
    broken.add("conv_in.weight", file, "conv_out.weight"); // [4, 32, 3, 3] where [32, 4, 3, 3] belongs
    broken.add("mid_block.extra.weight", file, "conv_out.bias");
    const at::Tensor before = model->named_parameters()["conv_out.weight"].clone();
    try {
        fr2r::core::loadStateDict(*model, broken, at::kFloat, at::kCPU);
        QFAIL("loadStateDict accepted weights that do not fit");
    } catch (const fr2r::ModelFormatError& error) {
        const std::string message = error.what();
        for (const char* expected : {"unet", "1 missing: conv_in.bias", "1 unexpected: mid_block.extra.weight",
                                     "1 with another shape", "conv_in.weight [4, 32, 3, 3] vs [32, 4, 3, 3]"})
            QVERIFY2(message.find(expected) != std::string::npos, message.c_str());
    }
    QVERIFY(torch::equal(before, model->named_parameters()["conv_out.weight"])); // nothing half-loaded
}

void TestUNet2DConditionModel::controlSeesSelfAttentionSites()
{
    auto unet = loadGoldenUNet(at::kFloat);
    const Inputs inputs = goldenInputs(981);
    RecordingControl control;
    unet->setAttentionControl(&control);
    {
        c10::InferenceMode inference;
        unet->forward(inputs.sample, torch::tensor(int64_t(981)), inputs.context);
    }
    unet->setAttentionControl(nullptr);

    // Per level: layers_per_block (2) self-attentions down + layers_per_block + 1 (3) up; the mid block one.
    std::map<int, int> perLevel;
    int mid = 0;
    for (size_t i = 0; i < control.sites.size(); ++i) {
        const AttentionSite& site = control.sites[i];
        QVERIFY(site.isSelfAttention);
        if (site.isMidBlock) {
            ++mid;
            QCOMPARE(site.level, 3);
        } else {
            ++perLevel[site.level];
        }
        QCOMPARE(control.tokens[i], int64_t(64) >> (2 * site.level)); // 8x8 latent halved per level
    }
    QCOMPARE(perLevel[0], 5);
    QCOMPARE(perLevel[1], 5);
    QCOMPARE(perLevel[2], 5);
    QCOMPARE(perLevel.count(3), size_t(0)); // down_blocks.3 / up_blocks.0 have no attention
    QCOMPARE(mid, 1);

    control.sites.clear();
    c10::InferenceMode inference;
    unet->forward(inputs.sample, torch::tensor(int64_t(981)), inputs.context);
    QVERIFY(control.sites.empty()); // removed
}

void TestUNet2DConditionModel::passiveControlIsBitIdentical()
{
    auto unet = loadGoldenUNet(at::kFloat);
    const Inputs inputs = goldenInputs(500);
    const at::Tensor t = torch::tensor(int64_t(500));
    c10::InferenceMode inference;
    const at::Tensor plain = unet->forward(inputs.sample, t, inputs.context);
    RecordingControl control;
    unet->setAttentionControl(&control);
    const at::Tensor controlled = unet->forward(inputs.sample, t, inputs.context);
    unet->setAttentionControl(nullptr);
    QVERIFY(!control.sites.empty());
    QVERIFY(torch::equal(plain, controlled));
}

QTEST_GUILESS_MAIN(TestUNet2DConditionModel)
#include "TestUNet2DConditionModel.moc"
