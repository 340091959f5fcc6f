#include "core/api/Error.h"
#include "core/io/ConfigInference.h"
#include "core/io/KeyMap.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include "TestConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

using fr2r::core::ConfigInference;
using fr2r::core::SafeTensorsFile;

class TestConfigInference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void infersGoldenConfigs();
    void textHeads_data();
    void textHeads();
    void describesOtherFiles_data();
    void describesOtherFiles();
    void describesGoldenNonModels_data();
    void describesGoldenNonModels();
};

void TestConfigInference::infersGoldenConfigs()
{
    std::ifstream stream(fr2r::test::goldenPath("tiny/configs_used.json"));
    const auto golden = nlohmann::json::parse(stream);
    const auto& u = golden["unet"];
    const auto& v = golden["vae"];
    const auto& t = golden["text_encoder"];
    const SafeTensorsFile file(fr2r::test::goldenPath("tiny/single_file.safetensors"));
    for (int run = 0; run < 3; ++run) {
        const ConfigInference inference(file);
        QCOMPARE(inference.textPrefix(), std::string(fr2r::core::KeyMap::kTextPrefixFlat));

        const auto unet = inference.unet();
        QCOMPARE(unet.inChannels, u["in_channels"].get<int>());
        QCOMPARE(unet.outChannels, u["out_channels"].get<int>());
        QCOMPARE(unet.downBlockTypes, u["down_block_types"].get<std::vector<std::string>>());
        QCOMPARE(unet.upBlockTypes, u["up_block_types"].get<std::vector<std::string>>());
        QCOMPARE(unet.blockOutChannels, u["block_out_channels"].get<std::vector<int>>());
        QCOMPARE(unet.layersPerBlock, u["layers_per_block"].get<int>());
        QCOMPARE(unet.crossAttentionDim, u["cross_attention_dim"].get<int>());
        QCOMPARE(unet.attentionHeadDim, std::vector<int>(4, u["attention_head_dim"].get<int>()));
        QCOMPARE(unet.normNumGroups, u["norm_num_groups"].get<int>());
        QCOMPARE(unet.transformerLayersPerBlock, 1);
        QCOMPARE(unet.useLinearProjection, false);

        const auto vae = inference.vae();
        QCOMPARE(vae.inChannels, v["in_channels"].get<int>());
        QCOMPARE(vae.outChannels, v["out_channels"].get<int>());
        QCOMPARE(vae.blockOutChannels, v["block_out_channels"].get<std::vector<int>>());
        QCOMPARE(vae.layersPerBlock, v["layers_per_block"].get<int>());
        QCOMPARE(vae.latentChannels, v["latent_channels"].get<int>());
        QCOMPARE(vae.normNumGroups, v["norm_num_groups"].get<int>());
        QCOMPARE(vae.scalingFactor, v["scaling_factor"].get<double>());
        QVERIFY(vae.useQuantConv && vae.usePostQuantConv && vae.midBlockAddAttention);

        const auto text = inference.text();
        QCOMPARE(text.vocabSize, t["vocab_size"].get<int>());
        QCOMPARE(text.hiddenSize, t["hidden_size"].get<int>());
        QCOMPARE(text.intermediateSize, t["intermediate_size"].get<int>());
        QCOMPARE(text.numHiddenLayers, t["num_hidden_layers"].get<int>());
        QCOMPARE(text.numAttentionHeads, t["num_attention_heads"].get<int>());
        QCOMPARE(text.maxPositionEmbeddings, t["max_position_embeddings"].get<int>());
        QCOMPARE(text.hiddenAct, t["hidden_act"].get<std::string>());
        QCOMPARE(text.bosTokenId, t["bos_token_id"].get<int>());
        QCOMPARE(text.eosTokenId, t["eos_token_id"].get<int>());
    }
}

void TestConfigInference::textHeads_data()
{
    QTest::addColumn<int>("hidden");
    QTest::addColumn<int>("heads");
    QTest::newRow("SD 1.x CLIP ViT-L") << 768 << 12;
    QTest::newRow("one 64-wide head") << 64 << 1;
    QTest::newRow("tiny reference") << 32 << 4;
    QTest::newRow("smaller") << 16 << 2;
    QTest::newRow("below one 8-wide head") << 4 << 1;
}

void TestConfigInference::textHeads()
{
    QFETCH(int, hidden);
    QFETCH(int, heads);
    QCOMPARE(ConfigInference::textHeadsForHidden(hidden), heads);
}

void TestConfigInference::describesOtherFiles_data()
{
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("looksLike");

    const QString unet = "model.diffusion_model.input_blocks.0.0.weight";
    const QString vae = "first_stage_model.encoder.conv_in.weight";
    const QString text = "cond_stage_model.transformer.text_model.embeddings.token_embedding.weight";
    QTest::newRow("SDXL") << QStringList{unet, vae, "conditioner.embedders.0.transformer.text_model.embeddings.x"}
                          << "an SDXL checkpoint";
    QTest::newRow("SD 2.x") << QStringList{unet, vae, "cond_stage_model.model.token_embedding.weight"}
                            << "a Stable Diffusion 2.x checkpoint";
    QTest::newRow("kohya LoRA") << QStringList{"lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight"}
                                << "a LoRA file";
    QTest::newRow("PEFT LoRA") << QStringList{"unet.down_blocks.0.attentions.0.proj_in.lora_A.weight"} << "a LoRA file";
    QTest::newRow("diffusers VAE") << QStringList{"encoder.conv_in.weight", "decoder.conv_in.weight"}
                                   << "a VAE-only file";
    QTest::newRow("LDM VAE") << QStringList{vae, "first_stage_model.decoder.conv_in.weight"} << "a VAE-only file";
    QTest::newRow("A1111 embedding") << QStringList{"emb_params"} << "a textual inversion embedding";
    QTest::newRow("diffusers embedding") << QStringList{"<rendered>"} << "a textual inversion embedding";
    QTest::newRow("diffusers UNet file") << QStringList{"conv_in.weight", "down_blocks.0.resnets.0.conv1.weight"}
                                         << "one component of a diffusers folder";
    QTest::newRow("unknown") << QStringList{"backbone.layer1.weight", "head.fc.weight"}
                             << "an unknown model (keys backbone.layer1.weight, head.fc.weight, ...)";
    QTest::newRow("no text encoder") << QStringList{unet, vae}
                                     << "an incomplete checkpoint without its text encoder";
    QTest::newRow("no VAE") << QStringList{unet, text} << "an incomplete checkpoint without its VAE";
}

void TestConfigInference::describesOtherFiles()
{
    QFETCH(QStringList, keys);
    QFETCH(QString, looksLike);
    QTemporaryDir dir;
    const std::string path = dir.filePath("other.safetensors").toStdString();
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& key : keys)
        tensors.emplace_back(key.toStdString(), torch::zeros({2, 4}));
    fr2r::core::writeSafeTensors(path, tensors);

    const SafeTensorsFile file(path);
    QCOMPARE(QString::fromStdString(ConfigInference::describeIfNotSd1(file)).left(looksLike.size()), looksLike);
    try {
        ConfigInference inference(file);
        QFAIL("a file that is not SD 1.x was accepted");
    } catch (const fr2r::ModelFormatError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path) + ": this looks like " + looksLike), qPrintable(message));
        QVERIFY2(message.contains("Stable Diffusion 1.x"), qPrintable(message));
    }
}

void TestConfigInference::describesGoldenNonModels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("looksLike");
    QTest::newRow("PEFT LoRA") << "tiny/lora_peft.safetensors" << "a LoRA file";
    QTest::newRow("kohya LoRA") << "tiny/lora_kohya.safetensors" << "a LoRA file";
    QTest::newRow("embedding") << "tiny/negative_embedding.safetensors" << "a textual inversion embedding";
    QTest::newRow("diffusers UNet") << "tiny/model/unet/diffusion_pytorch_model.safetensors"
                                    << "one component of a diffusers folder";
    QTest::newRow("diffusers VAE") << "tiny/model/vae/diffusion_pytorch_model.safetensors" << "a VAE-only file";
    QTest::newRow("diffusers text encoder") << "tiny/model/text_encoder/model.safetensors"
                                            << "one component of a diffusers folder";
}

void TestConfigInference::describesGoldenNonModels()
{
    QFETCH(QString, file);
    QFETCH(QString, looksLike);
    const SafeTensorsFile safetensors(fr2r::test::goldenPath(file.toStdString()));
    QVERIFY(QString::fromStdString(ConfigInference::describeIfNotSd1(safetensors)).startsWith(looksLike));
}

QTEST_GUILESS_MAIN(TestConfigInference)
#include "TestConfigInference.moc"
