#include "core/api/Error.h"
#include "core/io/Checkpoint.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"
#include "support/TinyModelCopy.h"

#include "TestConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <fstream>

using fr2r::core::Checkpoint;
using fr2r::core::ComponentWeights;
using fr2r::core::openCheckpoint;
using fr2r::core::SafeTensorsFile;
namespace fs = std::filesystem;

namespace {

using TensorList = std::vector<std::pair<std::string, at::Tensor>>;

TensorList goldenSingleFileTensors()
{
    const SafeTensorsFile file(fr2r::test::goldenPath("tiny/single_file.safetensors"));
    TensorList tensors;
    for (const auto& info : file.tensors())
        tensors.emplace_back(info.name, file.load(info));
    return tensors;
}

// The constructor arguments of configs_used.json that a checkpoint's configs must reproduce.
// sample_size is left out: shapes cannot tell it, a single file gets SD 1.x's 64.
void compareToGoldenConfigs(const Checkpoint& checkpoint)
{
    std::ifstream stream(fr2r::test::goldenPath("tiny/configs_used.json"));
    const auto golden = nlohmann::json::parse(stream);
    const auto& u = golden["unet"];
    QCOMPARE(checkpoint.unet.inChannels, u["in_channels"].get<int>());
    QCOMPARE(checkpoint.unet.outChannels, u["out_channels"].get<int>());
    QCOMPARE(checkpoint.unet.downBlockTypes, u["down_block_types"].get<std::vector<std::string>>());
    QCOMPARE(checkpoint.unet.upBlockTypes, u["up_block_types"].get<std::vector<std::string>>());
    QCOMPARE(checkpoint.unet.blockOutChannels, u["block_out_channels"].get<std::vector<int>>());
    QCOMPARE(checkpoint.unet.layersPerBlock, u["layers_per_block"].get<int>());
    QCOMPARE(checkpoint.unet.crossAttentionDim, u["cross_attention_dim"].get<int>());
    QCOMPARE(checkpoint.unet.attentionHeadDim, std::vector<int>(4, u["attention_head_dim"].get<int>()));
    QCOMPARE(checkpoint.unet.normNumGroups, u["norm_num_groups"].get<int>());
    const auto& v = golden["vae"];
    QCOMPARE(checkpoint.vae.blockOutChannels, v["block_out_channels"].get<std::vector<int>>());
    QCOMPARE(checkpoint.vae.layersPerBlock, v["layers_per_block"].get<int>());
    QCOMPARE(checkpoint.vae.latentChannels, v["latent_channels"].get<int>());
    QCOMPARE(checkpoint.vae.normNumGroups, v["norm_num_groups"].get<int>());
    QCOMPARE(checkpoint.vae.scalingFactor, v["scaling_factor"].get<double>());
    const auto& t = golden["text_encoder"];
    QCOMPARE(checkpoint.text.vocabSize, t["vocab_size"].get<int>());
    QCOMPARE(checkpoint.text.hiddenSize, t["hidden_size"].get<int>());
    QCOMPARE(checkpoint.text.intermediateSize, t["intermediate_size"].get<int>());
    QCOMPARE(checkpoint.text.numHiddenLayers, t["num_hidden_layers"].get<int>());
    QCOMPARE(checkpoint.text.numAttentionHeads, t["num_attention_heads"].get<int>());
    QCOMPARE(checkpoint.text.maxPositionEmbeddings, t["max_position_embeddings"].get<int>());
    QCOMPARE(checkpoint.text.hiddenAct, t["hidden_act"].get<std::string>());
}

void compareWeights(const ComponentWeights& folder, const ComponentWeights& single)
{
    QCOMPARE(single.names(), folder.names());
    for (const auto& name : folder.names()) {
        const at::Tensor expected = folder.load(name);
        const at::Tensor actual = single.load(name);
        QCOMPARE(single.shape(name), expected.sizes().vec());
        QVERIFY2(actual.scalar_type() == expected.scalar_type() && torch::equal(actual, expected),
                 (folder.component() + "/" + name + " differs between the layouts").c_str());
    }
}

void expectError(const std::string& path, const QStringList& phrases)
{
    try {
        openCheckpoint(path);
        QFAIL("a bad input was accepted");
    } catch (const fr2r::ModelFormatError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
        for (const auto& phrase : phrases)
            QVERIFY2(message.contains(phrase), qPrintable("'" + phrase + "' not in: " + message));
    }
}

} // namespace

class TestCheckpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void bothLayoutsAgree();
    void ignoresTensorsOutsideTheComponents();
    void readsOlderDiffusersFolders();
    void rejectsBadSingleFiles_data();
    void rejectsBadSingleFiles();
    void rejectsBadPaths_data();
    void rejectsBadPaths();
    void rejectsBadConfigs_data();
    void rejectsBadConfigs();
};

void TestCheckpoint::bothLayoutsAgree()
{
    for (int run = 0; run < 2; ++run) {
        const Checkpoint folder = openCheckpoint(fr2r::test::goldenPath("tiny/model"));
        const Checkpoint single = openCheckpoint(fr2r::test::goldenPath("tiny/single_file.safetensors"));
        QVERIFY(!folder.singleFile);
        QVERIFY(single.singleFile);
        compareToGoldenConfigs(folder);
        compareToGoldenConfigs(single);
        QCOMPARE(folder.unetWeights.size() + folder.vaeWeights.size() + folder.textWeights.size(), size_t(980));
        compareWeights(folder.unetWeights, single.unetWeights);
        compareWeights(folder.vaeWeights, single.vaeWeights);
        compareWeights(folder.textWeights, single.textWeights);
        QCOMPARE(single.vaeWeights.shape("decoder.mid_block.attentions.0.to_q.weight"), (std::vector<int64_t>{64, 64}));

        QCOMPARE(folder.schedulerConfig.value("beta_schedule", std::string()), std::string("scaled_linear"));
        QVERIFY(fs::is_regular_file(fs::path(folder.tokenizerDir) / "vocab.json"));
        QVERIFY(single.schedulerConfig.is_object() && single.schedulerConfig.empty());
        QVERIFY(single.tokenizerDir.empty());
        QVERIFY(single.ignoredKeys.empty());
    }
}

void TestCheckpoint::ignoresTensorsOutsideTheComponents()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("with_extras.safetensors").toStdString();
    TensorList tensors = goldenSingleFileTensors();
    tensors.emplace_back("model_ema.decay", torch::tensor(0.9999));
    tensors.emplace_back("alphas_cumprod", torch::ones({1000}));
    tensors.emplace_back("cond_stage_model.transformer.embeddings.position_ids", torch::arange(77).unsqueeze(0));
    fr2r::core::writeSafeTensors(path, tensors);

    const Checkpoint checkpoint = openCheckpoint(path);
    QCOMPARE(checkpoint.ignoredKeys, (std::vector<std::string>{"alphas_cumprod",
                                                               "cond_stage_model.transformer.embeddings.position_ids",
                                                               "model_ema.decay"}));
    QCOMPARE(checkpoint.unetWeights.size() + checkpoint.vaeWeights.size() + checkpoint.textWeights.size(), size_t(980));
}

// SD 1.5 as published: text encoder under text_model. with a position_ids buffer, the VAE's mid
// attention under its pre-0.14 names, and an fp16 variant file name.
void TestCheckpoint::readsOlderDiffusersFolders()
{
    QTemporaryDir dir;
    const fs::path folder = fr2r::test::TinyModelCopy(dir.path().toStdString()).path();
    auto rewrite = [](const fs::path& path, const std::function<std::string(const std::string&)>& rename) {
        const auto file = std::make_unique<SafeTensorsFile>(path.string());
        TensorList tensors;
        for (const auto& info : file->tensors())
            tensors.emplace_back(rename(info.name), file->load(info));
        return tensors;
    };
    auto text = rewrite(folder / "text_encoder" / "model.safetensors",
                        [](const std::string& name) { return "text_model." + name; });
    text.emplace_back("text_model.embeddings.position_ids", torch::arange(77).unsqueeze(0));
    fr2r::core::writeSafeTensors((folder / "text_encoder" / "model.safetensors").string(), text);
    const auto vae = rewrite(folder / "vae" / "diffusion_pytorch_model.safetensors", [](std::string name) {
        for (const auto& [from, to] : {std::pair{".to_q.", ".query."}, {".to_k.", ".key."}, {".to_v.", ".value."},
                                       {".to_out.0.", ".proj_attn."}})
            if (const size_t at = name.find(from); at != std::string::npos)
                name.replace(at, std::strlen(from), to);
        return name;
    });
    fr2r::core::writeSafeTensors((folder / "vae" / "diffusion_pytorch_model.safetensors").string(), vae);
    fs::rename(folder / "unet" / "diffusion_pytorch_model.safetensors",
               folder / "unet" / "diffusion_pytorch_model.fp16.safetensors");

    const Checkpoint golden = openCheckpoint(fr2r::test::goldenPath("tiny/model"));
    const Checkpoint old = openCheckpoint(folder.string());
    compareWeights(golden.unetWeights, old.unetWeights);
    compareWeights(golden.vaeWeights, old.vaeWeights);
    compareWeights(golden.textWeights, old.textWeights);
}

void TestCheckpoint::rejectsBadSingleFiles_data()
{
    QTest::addColumn<QString>("change"); // what is done to the golden single file
    QTest::addColumn<QStringList>("phrases");
    QTest::newRow("SDXL-like") << "add conditioner.embedders" << QStringList{"looks like an SDXL checkpoint"};
    QTest::newRow("missing attention") << "drop input_blocks.5.1"
                                       << QStringList{"weights missing for 1 modules",
                                                      "unet/down_blocks.1.attentions.1 "
                                                      "(model.diffusion_model.input_blocks.5.1.*)"};
    QTest::newRow("unexpected tensor") << "add label_emb"
                                       << QStringList{"1 tensors do not fit", "model.diffusion_model.label_emb.0.weight"};
    QTest::newRow("truncated") << "truncate" << QStringList{"is larger than the file"};
}

void TestCheckpoint::rejectsBadSingleFiles()
{
    QFETCH(QString, change);
    QFETCH(QStringList, phrases);
    QTemporaryDir dir;
    const std::string path = dir.filePath("bad.safetensors").toStdString();
    if (change == "truncate") {
        fs::copy_file(fr2r::test::goldenPath("tiny/single_file.safetensors"), path);
        fr2r::test::TinyModelCopy::makeWritable(path);
        fs::resize_file(path, 1000);
    } else {
        TensorList tensors;
        for (auto& [name, tensor] : goldenSingleFileTensors())
            if (change != "drop input_blocks.5.1" || name.rfind("model.diffusion_model.input_blocks.5.1.", 0) != 0)
                tensors.emplace_back(name, tensor);
        if (change == "add conditioner.embedders")
            for (const char* key : {"conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight",
                                    "conditioner.embedders.1.model.token_embedding.weight"})
                tensors.emplace_back(key, torch::zeros({4, 2}));
        if (change == "add label_emb")
            tensors.emplace_back("model.diffusion_model.label_emb.0.weight", torch::zeros({2, 2}));
        fr2r::core::writeSafeTensors(path, tensors);
    }
    expectError(path, phrases);
}

void TestCheckpoint::rejectsBadPaths_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("phrases");
    QTest::newRow("missing path") << "absent.safetensors" << QStringList{"no such file or folder"};
    QTest::newRow("pickle .ckpt") << "model.ckpt" << QStringList{"pickle", "can execute arbitrary code"};
    QTest::newRow("LoRA file") << "lora.safetensors" << QStringList{"looks like a LoRA file"};
    QTest::newRow("not a model file") << "notes.txt" << QStringList{"expected a .safetensors file or a diffusers folder"};
    QTest::newRow("folder without model_index.json") << "empty_folder" << QStringList{"no model_index.json"};
    QTest::newRow("folder with .bin weights") << "bin_folder" << QStringList{"diffusion_pytorch_model.bin", "pickle"};
}

void TestCheckpoint::rejectsBadPaths()
{
    QFETCH(QString, input);
    QFETCH(QStringList, phrases);
    QTemporaryDir dir;
    fs::path path = dir.filePath(input).toStdString();
    if (input == "model.ckpt" || input == "notes.txt")
        std::ofstream(path) << "PK";
    if (input == "lora.safetensors")
        fs::copy_file(fr2r::test::goldenPath("tiny/lora_peft.safetensors"), path);
    if (input == "empty_folder")
        fs::create_directory(path);
    if (input == "bin_folder") {
        path = fr2r::test::TinyModelCopy(dir.path().toStdString()).path();
        fs::remove(path / "unet" / "diffusion_pytorch_model.safetensors");
        std::ofstream(path / "unet" / "diffusion_pytorch_model.bin") << "PK";
    }
    expectError(path.string(), phrases);
}

// Out-of-range values and configs that disagree with their weights are refused by openCheckpoint, before any
// module (and any allocation of the size the config claims) exists.
void TestCheckpoint::rejectsBadConfigs_data()
{
    QTest::addColumn<QString>("component");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value"); // JSON
    QTest::addColumn<QStringList>("phrases");
    QTest::newRow("65536-wide blocks")
        << "unet" << "block_out_channels" << "[65536, 65536, 65536, 65536]"
        << QStringList{"unet/config.json: block_out_channels[0] = 65536 is out of range (1..4096)"};
    QTest::newRow("huge vocabulary") << "text_encoder" << "vocab_size" << "1073741824"
                                     << QStringList{"text_encoder/config.json: vocab_size = 1073741824 is out of range"};
    QTest::newRow("negative latent channels") << "vae" << "latent_channels" << "-4"
                                              << QStringList{"vae/config.json: latent_channels = -4 is out of range"};
    QTest::newRow("NaN-like scaling factor") << "vae" << "scaling_factor" << "1e300"
                                             << QStringList{"vae/config.json: scaling_factor = 1e+300 is out of range"};
    QTest::newRow("cross attention width disagrees")
        << "unet" << "cross_attention_dim" << "48"
        << QStringList{"unet/diffusion_pytorch_model.safetensors: "
                       "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight has shape [32, 32]",
                       "unet/config.json implies [32, 48]"};
    QTest::newRow("latent channels disagree")
        << "vae" << "latent_channels" << "8"
        << QStringList{"vae/diffusion_pytorch_model.safetensors: encoder.conv_out.weight has shape [8, 64, 3, 3]",
                       "vae/config.json implies [16, 64, 3, 3]"};
    QTest::newRow("text width disagrees")
        << "text_encoder" << "hidden_size" << "64"
        << QStringList{"model.safetensors: embeddings.token_embedding.weight has shape [49408, 32]",
                       "text_encoder/config.json implies [49408, 64]"};
}

void TestCheckpoint::rejectsBadConfigs()
{
    QFETCH(QString, component);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QStringList, phrases);
    QTemporaryDir dir;
    const fr2r::test::TinyModelCopy model(dir.path().toStdString());
    model.editConfig(component.toStdString(), [&](nlohmann::json& json) {
        json[key.toStdString()] = nlohmann::json::parse(value.toStdString());
    });
    expectError(model.path(), phrases);
}

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "TestCheckpoint.moc"
