#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/TextualInversionFile.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <limits>

using namespace fr2r;

Q_DECLARE_METATYPE(at::Tensor)

// Negative embeddings are checked as they are read: shape, emptiness, NaN and infinity, with file and token named.
class TestTextualInversionFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsBothDiffusersForms();
    void refusesBrokenEmbeddings_data();
    void refusesBrokenEmbeddings();
};

void TestTextualInversionFile::readsBothDiffusersForms()
{
    QTemporaryDir dir;
    const std::string single = dir.filePath("single.safetensors").toStdString();
    core::writeSafeTensors(single, {{"<tok>", torch::arange(8, torch::kFloat)}});
    const core::TextualInversion one = core::loadTextualInversion(single);
    QCOMPARE(one.token, std::string("<tok>"));
    QCOMPARE(one.vectors.sizes().vec(), (std::vector<int64_t>{1, 8}));
    const std::string several = dir.filePath("several.safetensors").toStdString();
    core::writeSafeTensors(several, {{"<tok>", torch::ones({3, 8}, torch::kHalf)}});
    QCOMPARE(core::loadTextualInversion(several).vectors.scalar_type(), at::kFloat);
}

void TestTextualInversionFile::refusesBrokenEmbeddings_data()
{
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    QTest::addColumn<at::Tensor>("vectors");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("NaN") << torch::tensor({{0.5, nan, 0.1}}) << "holds NaN or infinite values";
    QTest::newRow("infinity") << torch::tensor({0.5, 0.2, -inf}) << "holds NaN or infinite values";
    QTest::newRow("scalar") << torch::tensor(0.5) << "must be [vectors, width] or [width], not []";
    QTest::newRow("three dimensions") << torch::zeros({1, 2, 4}) << "not [1, 2, 4]";
    QTest::newRow("no vectors") << torch::zeros({0, 4}) << "holds no vectors";
    QTest::newRow("zero width") << torch::zeros({2, 0}) << "holds no vectors";
    QTest::newRow("integers") << torch::ones({1, 4}, torch::kLong) << "floating-point";
}

void TestTextualInversionFile::refusesBrokenEmbeddings()
{
    QFETCH(at::Tensor, vectors);
    QFETCH(QString, phrase);
    QTemporaryDir dir;
    const std::string path = dir.filePath("learned_embeds.safetensors").toStdString();
    core::writeSafeTensors(path, {{"<broken>", vectors}});
    try {
        core::loadTextualInversion(path);
        QFAIL("a broken embedding was accepted");
    } catch (const ModelFormatError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path + ": the embedding of '<broken>' ")), qPrintable(message));
        QVERIFY2(message.contains(phrase), qPrintable("'" + phrase + "' not in: " + message));
    }
}

QTEST_GUILESS_MAIN(TestTextualInversionFile)
#include "TestTextualInversionFile.moc"
