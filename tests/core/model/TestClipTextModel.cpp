#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/ComponentWeights.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/StateDictLoader.h"
#include "core/model/ClipTextModel.h"
#include "support/TensorCompare.h"

#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <memory>

using fr2r::core::ClipTextConfig;
using fr2r::core::ClipTextModel;

Q_DECLARE_METATYPE(at::ScalarType)

namespace {

// The golden tiny text encoder in dtype; the file's names are the diffusers names.
ClipTextModel loadGoldenTextEncoder(at::ScalarType dtype)
{
    std::ifstream configFile(fr2r::test::goldenPath("tiny/model/text_encoder/config.json"));
    ClipTextModel model(ClipTextConfig::fromJson(nlohmann::json::parse(configFile)));
    auto file = std::make_shared<const fr2r::core::SafeTensorsFile>(
        fr2r::test::goldenPath("tiny/model/text_encoder/model.safetensors"));
    fr2r::core::ComponentWeights weights("text_encoder");
    for (const auto& info : file->tensors())
        weights.add(info.name, file, info.name);
    fr2r::core::loadStateDict(*model, weights, dtype, at::kCPU);
    return model;
}

} // namespace

class TestClipTextModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void matchesGolden_data();
    void matchesGolden();
    void appendRejectsWidthMismatch();
    void appendedRowIsUsedForNewId();
    void refusesIdsOutsideTheTable_data();
    void refusesIdsOutsideTheTable();
};

void TestClipTextModel::matchesGolden_data()
{
    QTest::addColumn<at::ScalarType>("dtype");
    QTest::addColumn<double>("factor");
    QTest::newRow("float32") << at::kFloat << 1e-4;
    QTest::newRow("bfloat16") << at::kBFloat16 << 5e-2;
}

void TestClipTextModel::matchesGolden()
{
    QFETCH(at::ScalarType, dtype);
    QFETCH(double, factor);
    auto model = loadGoldenTextEncoder(dtype);
    fr2r::core::SafeTensorsFile reference(fr2r::test::goldenPath("tiny/reference.safetensors"));
    const auto ids = reference.load("text.input_ids");
    const auto last = reference.load("text.last_hidden_state");
    const auto penultimate = reference.load("text.penultimate_hidden_state");
    c10::InferenceMode inference;
    for (int run = 0; run < 3; ++run) {
        const auto output = model->forward(ids);
        QCOMPARE(output.lastHiddenState.scalar_type(), dtype);
        FR2R_COMPARE_TENSOR("text.last_hidden_state", output.lastHiddenState, last, factor);
        FR2R_COMPARE_TENSOR("text.penultimate_hidden_state", output.penultimateHiddenState, penultimate, factor);
    }
}

void TestClipTextModel::appendRejectsWidthMismatch()
{
    auto model = loadGoldenTextEncoder(at::kFloat);
    const int64_t tokens = model->numTokens();
    try {
        model->appendTokenEmbeddings(torch::zeros({2, 48}));
        QFAIL("a 48-wide embedding was accepted by a 32-wide text encoder");
    } catch (const fr2r::ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains("48") && message.contains("32"), error.what());
    }
    QCOMPARE(model->numTokens(), tokens);
}

void TestClipTextModel::appendedRowIsUsedForNewId()
{
    auto model = loadGoldenTextEncoder(at::kFloat);
    const auto table = model->named_parameters()["embeddings.token_embedding.weight"];
    const int64_t tokens = table.size(0);
    // New rows equal to existing tokens 320 and 321: the new ids must then encode exactly like those.
    const auto vectors = table.narrow(0, 320, 2).detach().to(at::kDouble); // cast back exactly
    const int64_t firstId = model->appendTokenEmbeddings(vectors);
    QCOMPARE(firstId, tokens);
    QCOMPARE(model->numTokens(), tokens + 2);
    QCOMPARE(model->named_parameters()["embeddings.token_embedding.weight"].size(0), tokens + 2);

    c10::InferenceMode inference;
    const auto bos = model->config().bosTokenId;
    const auto eos = model->config().eosTokenId;
    const auto withNew = model->forward(torch::tensor({bos, int(firstId), int(firstId + 1), eos}).view({1, -1}));
    const auto withOld = model->forward(torch::tensor({bos, 320, 321, eos}).view({1, -1}));
    QVERIFY(torch::equal(withNew.lastHiddenState, withOld.lastHiddenState));
    QVERIFY(torch::equal(withNew.penultimateHiddenState, withOld.penultimateHiddenState));
}

void TestClipTextModel::refusesIdsOutsideTheTable_data()
{
    QTest::addColumn<qint64>("id");
    QTest::newRow("one past the table") << qint64(49408);
    QTest::newRow("far past the table") << (qint64(1) << 40);
    QTest::newRow("negative") << qint64(-1);
}

void TestClipTextModel::refusesIdsOutsideTheTable()
{
    QFETCH(qint64, id);
    ClipTextModel model = loadGoldenTextEncoder(at::kFloat);
    const at::Tensor ids = torch::tensor({int64_t(49406), int64_t(id), int64_t(49407)}).unsqueeze(0); // [1, 3]
    try {
        model->forward(ids);
        QFAIL("an id outside the embedding table reached the lookup");
    } catch (const fr2r::Error& error) {
        const std::string expected = "token id " + std::to_string(id) + " is out of range: the embedding table has "
                                     "49408 rows";
        QVERIFY2(std::string(error.what()).find(expected) != std::string::npos, error.what());
    }
}

QTEST_GUILESS_MAIN(TestClipTextModel)
#include "TestClipTextModel.moc"
