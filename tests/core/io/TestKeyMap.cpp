#include "core/io/KeyMap.h"
#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/UNetConfig.h"
#include "support/TensorCompare.h"

#include "TestConfig.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using fr2r::core::AutoencoderConfig;
using fr2r::core::ClipTextConfig;
using fr2r::core::KeyMap;
using fr2r::core::UNetConfig;

namespace {

nlohmann::json readJson(const std::string& relative)
{
    std::ifstream stream(fr2r::test::goldenPath(relative));
    return nlohmann::json::parse(stream);
}

// The tiny model's sizes, set by hand from configs_used.json so this test needs no config parser.
struct TinyConfigs
{
    UNetConfig unet;
    AutoencoderConfig vae;
    ClipTextConfig text;
};

TinyConfigs tinyConfigs()
{
    const auto json = readJson("tiny/configs_used.json");
    TinyConfigs configs;
    configs.unet.blockOutChannels = json["unet"]["block_out_channels"].get<std::vector<int>>();
    configs.unet.downBlockTypes = json["unet"]["down_block_types"].get<std::vector<std::string>>();
    configs.unet.upBlockTypes = json["unet"]["up_block_types"].get<std::vector<std::string>>();
    configs.unet.layersPerBlock = json["unet"]["layers_per_block"];
    configs.vae.blockOutChannels = json["vae"]["block_out_channels"].get<std::vector<int>>();
    configs.vae.layersPerBlock = json["vae"]["layers_per_block"];
    configs.text.numHiddenLayers = json["text_encoder"]["num_hidden_layers"];
    return configs;
}

// A layout SD 1.5 does not have: 3 levels, one layer per block, no attention at the lowest level.
KeyMap smallKeyMap()
{
    UNetConfig unet;
    unet.blockOutChannels = {32, 64, 64};
    unet.downBlockTypes = {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
    unet.upBlockTypes = {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
    unet.layersPerBlock = 1;
    AutoencoderConfig vae;
    vae.blockOutChannels = {32, 64, 64};
    vae.layersPerBlock = 1;
    vae.midBlockAddAttention = false;
    ClipTextConfig text;
    text.numHiddenLayers = 2;
    return KeyMap(unet, vae, text);
}

} // namespace

class TestKeyMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); } // every case uses the tiny model's configs
    void reproducesGoldenKeyMap();
    void readsNestedTextEncoderNames();
    void followsTheConfig_data();
    void followsTheConfig();
    void normalizesOldDiffusersNames_data();
    void normalizesOldDiffusersNames();
    void recognizesBuffers();
};

void TestKeyMap::reproducesGoldenKeyMap()
{
    const auto rows = readJson("tiny/keymap.json");
    QCOMPARE(rows.size(), size_t(980));
    const TinyConfigs configs = tinyConfigs();
    for (int run = 0; run < 3; ++run) {
        const KeyMap map(configs.unet, configs.vae, configs.text, KeyMap::kTextPrefixFlat);
        std::set<std::string> produced, expected;
        int squeezed = 0;
        for (const auto& row : rows) {
            const std::string diffusers = row["diffusers"];
            const std::string singleFile = row["single_file"];
            expected.insert(diffusers);
            const auto mapped = map.toDiffusers(singleFile);
            QVERIFY2(mapped, ("unmapped single-file key " + singleFile).c_str());
            const std::string name = mapped->component + "/" + mapped->name;
            QVERIFY2(name == diffusers, (singleFile + " -> " + name + ", expected " + diffusers).c_str());
            produced.insert(name);
            squeezed += mapped->squeezeToLinear;
            const auto back = map.toSingleFile(mapped->component, mapped->name);
            QVERIFY2(back && *back == singleFile, ("no way back to " + singleFile).c_str());
        }
        QCOMPARE(produced, expected); // every diffusers key is produced, none twice
        QCOMPARE(squeezed, 8);        // q, k, v, proj_out of the encoder's and decoder's mid attention
    }
}

void TestKeyMap::readsNestedTextEncoderNames()
{
    const TinyConfigs configs = tinyConfigs();
    const KeyMap map(configs.unet, configs.vae, configs.text);
    const auto mapped = map.toDiffusers("cond_stage_model.transformer.text_model.encoder.layers.2.mlp.fc1.weight");
    QVERIFY(mapped);
    QCOMPARE(mapped->component, std::string("text_encoder"));
    QCOMPARE(mapped->name, std::string("encoder.layers.2.mlp.fc1.weight"));
    QCOMPARE(*map.toSingleFile("text_encoder", "final_layer_norm.bias"),
             std::string("cond_stage_model.transformer.text_model.final_layer_norm.bias"));
    QVERIFY(!map.toDiffusers("cond_stage_model.transformer.text_model.encoder.layers.3.mlp.fc1.weight"));
}

void TestKeyMap::followsTheConfig_data()
{
    QTest::addColumn<QString>("singleFile");
    QTest::addColumn<QString>("diffusers"); // empty: the key has no place in this layout

    const QString u = "model.diffusion_model.", v = "first_stage_model.", t = "cond_stage_model.transformer.text_model.";
    QTest::newRow("level 0 resnet") << u + "input_blocks.1.0.in_layers.2.weight"
                                    << "unet/down_blocks.0.resnets.0.conv1.weight";
    QTest::newRow("level 0 downsampler") << u + "input_blocks.2.0.op.bias" << "unet/down_blocks.0.downsamplers.0.conv.bias";
    QTest::newRow("level 1 attention") << u + "input_blocks.3.1.proj_in.weight"
                                       << "unet/down_blocks.1.attentions.0.proj_in.weight";
    QTest::newRow("level 2 resnet") << u + "input_blocks.5.0.skip_connection.weight"
                                    << "unet/down_blocks.2.resnets.0.conv_shortcut.weight";
    QTest::newRow("no attention at level 2") << u + "input_blocks.5.1.proj_in.weight" << "";
    QTest::newRow("no level 3") << u + "input_blocks.6.0.in_layers.0.weight" << "";
    QTest::newRow("up 0 upsampler, no attention") << u + "output_blocks.1.1.conv.weight"
                                                  << "unet/up_blocks.0.upsamplers.0.conv.weight";
    QTest::newRow("up 1 upsampler after attention") << u + "output_blocks.3.2.conv.weight"
                                                    << "unet/up_blocks.1.upsamplers.0.conv.weight";
    QTest::newRow("up 2 attention") << u + "output_blocks.5.1.transformer_blocks.0.attn2.to_k.weight"
                                    << "unet/up_blocks.2.attentions.1.transformer_blocks.0.attn2.to_k.weight";
    QTest::newRow("no up block 6") << u + "output_blocks.6.0.out_layers.3.weight" << "";
    QTest::newRow("unknown resnet part") << u + "input_blocks.1.0.in_layers.5.weight" << "";
    QTest::newRow("vae decoder reversed") << v + "decoder.up.2.block.1.nin_shortcut.bias"
                                          << "vae/decoder.up_blocks.0.resnets.1.conv_shortcut.bias";
    QTest::newRow("vae no top upsampler") << v + "decoder.up.0.upsample.conv.weight" << "";
    QTest::newRow("vae no bottom downsampler") << v + "encoder.down.2.downsample.conv.weight" << "";
    QTest::newRow("vae encoder downsampler") << v + "encoder.down.1.downsample.conv.weight"
                                             << "vae/encoder.down_blocks.1.downsamplers.0.conv.weight";
    QTest::newRow("vae mid attention off") << v + "encoder.mid.attn_1.q.weight" << "";
    QTest::newRow("text layer 1") << t + "encoder.layers.1.self_attn.out_proj.bias"
                                  << "text_encoder/encoder.layers.1.self_attn.out_proj.bias";
    QTest::newRow("no text layer 2") << t + "encoder.layers.2.self_attn.out_proj.bias" << "";
    QTest::newRow("outside the components") << "model_ema.decay" << "";
}

void TestKeyMap::followsTheConfig()
{
    QFETCH(QString, singleFile);
    QFETCH(QString, diffusers);
    const KeyMap map = smallKeyMap();
    const auto mapped = map.toDiffusers(singleFile.toStdString());
    if (diffusers.isEmpty()) {
        QVERIFY2(!mapped, mapped ? (mapped->component + "/" + mapped->name).c_str() : "");
        return;
    }
    QVERIFY(mapped);
    QCOMPARE(QString::fromStdString(mapped->component + "/" + mapped->name), diffusers);
    const auto back = map.toSingleFile(mapped->component, mapped->name);
    QVERIFY(back);
    QCOMPARE(QString::fromStdString(*back), singleFile);
}

void TestKeyMap::normalizesOldDiffusersNames_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("transformers 4 text encoder") << "text_encoder" << "text_model.encoder.layers.0.mlp.fc1.weight"
                                                 << "encoder.layers.0.mlp.fc1.weight";
    QTest::newRow("current text encoder") << "text_encoder" << "final_layer_norm.weight" << "final_layer_norm.weight";
    QTest::newRow("old VAE query") << "vae" << "encoder.mid_block.attentions.0.query.weight"
                                   << "encoder.mid_block.attentions.0.to_q.weight";
    QTest::newRow("old VAE proj_attn") << "vae" << "decoder.mid_block.attentions.0.proj_attn.bias"
                                       << "decoder.mid_block.attentions.0.to_out.0.bias";
    QTest::newRow("old VAE group_norm") << "vae" << "decoder.mid_block.attentions.0.group_norm.bias"
                                        << "decoder.mid_block.attentions.0.group_norm.bias";
    QTest::newRow("current VAE") << "vae" << "decoder.mid_block.attentions.0.to_k.weight"
                                 << "decoder.mid_block.attentions.0.to_k.weight";
    QTest::newRow("UNet untouched") << "unet" << "mid_block.attentions.0.proj_in.weight"
                                    << "mid_block.attentions.0.proj_in.weight";
}

void TestKeyMap::normalizesOldDiffusersNames()
{
    QFETCH(QString, component);
    QFETCH(QString, name);
    QFETCH(QString, normalized);
    QCOMPARE(QString::fromStdString(KeyMap::normalizeDiffusersName(component.toStdString(), name.toStdString())),
             normalized);
}

void TestKeyMap::recognizesBuffers()
{
    QVERIFY(KeyMap::isBuffer("text_model.embeddings.position_ids"));
    QVERIFY(!KeyMap::isBuffer("embeddings.position_embedding.weight"));
}

QTEST_GUILESS_MAIN(TestKeyMap)
#include "TestKeyMap.moc"
