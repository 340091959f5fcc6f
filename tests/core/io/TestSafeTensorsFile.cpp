#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include "TestConfig.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

using fr2r::core::SafeTensorsFile;

class TestSafeTensorsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsGoldenReference();
    void roundTripsEveryDType();
    void rejectsMalformedFile_data();
    void rejectsMalformedFile();
    void rejectsMissingFile();
};

namespace {

// A safetensors file's bytes: little-endian header length, header text, zeroed data section.
QByteArray fileBytes(const QByteArray& header, int dataBytes, qint64 headerLength = -1)
{
    const uint64_t length = headerLength < 0 ? uint64_t(header.size()) : uint64_t(headerLength);
    QByteArray bytes;
    for (int i = 0; i < 8; ++i)
        bytes.append(char((length >> (8 * i)) & 0xff));
    return bytes + header + QByteArray(dataBytes, '\0');
}

} // namespace

void TestSafeTensorsFile::readsGoldenReference()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    SafeTensorsFile file(fr2r::test::goldenPath("tiny/reference.safetensors"));
    const auto* ids = file.find("tokenizer.input_ids");
    QVERIFY(ids);
    QCOMPARE(ids->dtype, std::string("I64"));
    QCOMPARE(ids->shape, (std::vector<int64_t>{10, 77}));
    const auto tensor = file.load(*ids);
    QCOMPARE(tensor.scalar_type(), at::kLong);
    QCOMPARE(tensor[0][0].item<int64_t>(), int64_t(49406));
}

void TestSafeTensorsFile::roundTripsEveryDType()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("roundtrip.safetensors").toStdString();
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (auto type : {at::kFloat, at::kHalf, at::kBFloat16, at::kLong, at::kInt, at::kByte})
        tensors.emplace_back(std::string("t.") + c10::toString(type), (torch::arange(24) % 7).reshape({2, 3, 4}).to(type));
    fr2r::core::writeSafeTensors(path, tensors, {{"format", "pt"}});

    SafeTensorsFile file(path);
    QCOMPARE(file.metadata().at("format"), std::string("pt"));
    QCOMPARE(file.tensors().size(), tensors.size());
    for (const auto& [name, expected] : tensors) {
        const auto actual = file.load(name);
        QCOMPARE(actual.scalar_type(), expected.scalar_type());
        QVERIFY(torch::equal(actual, expected));
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"roundtrip.safetensors"}); // no temporary left
}

void TestSafeTensorsFile::rejectsMalformedFile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("problem");

    const QByteArray f32x2 = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    QTest::newRow("empty file") << QByteArray() << "truncated file: 0 bytes";
    QTest::newRow("truncated length") << QByteArray("\x10\x00\x00", 3) << "truncated file: 3 bytes";
    QTest::newRow("header longer than file") << fileBytes(f32x2, 8, f32x2.size() + 1000)
                                             << "is larger than the file";
    QTest::newRow("header over 100 MB") << fileBytes(f32x2, 8, 200'000'000) << "larger than the 100 MB limit";
    QTest::newRow("invalid JSON") << fileBytes("{\"a\": [1, 2", 0) << "invalid JSON header";
    QTest::newRow("JSON not an object") << fileBytes("[1, 2]", 0) << "invalid JSON header: not an object";
    QTest::newRow("entry without dtype")
        << fileBytes(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", 8) << "tensor 'a': entry needs dtype";
    QTest::newRow("metadata not an object") << fileBytes(R"({"__metadata__":[1]})", 0) << "__metadata__ is not";
    QTest::newRow("offsets past the data") << fileBytes(f32x2, 4) << "tensor 'a': data offsets [0, 8) out of range";
    QTest::newRow("offsets reversed")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8) << "data offsets [8, 0)";
    QTest::newRow("negative offset")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", 8) << "data_offsets are not";
    QTest::newRow("overlapping tensors")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                     R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                     12)
        << "tensors 'a' and 'b' overlap";
    QTest::newRow("unknown dtype")
        << fileBytes(R"({"a":{"dtype":"F8_E9M9","shape":[2],"data_offsets":[0,2]}})", 2)
        << "tensor 'a': unknown dtype 'F8_E9M9'";
    QTest::newRow("shape needs more bytes")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)
        << "tensor 'a': shape needs 12 bytes but offsets span 8";
    QTest::newRow("negative size")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8) << "non-integer or negative";
    QTest::newRow("size overflows 64 bits")
        << fileBytes(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,0]}})", 0)
        << "tensor 'a': shape [4294967296, 4294967296, 2] is too large";
}

void TestSafeTensorsFile::rejectsMalformedFile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    const QString path = dir.filePath("broken.safetensors");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), qint64(bytes.size()));
    file.close();

    for (int run = 0; run < 2; ++run) {
        try {
            SafeTensorsFile broken(path.toStdString());
            QFAIL("a malformed file was accepted");
        } catch (const fr2r::ModelFormatError& error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
            QVERIFY2(message.contains(problem), qPrintable(message));
        }
    }
}

void TestSafeTensorsFile::rejectsMissingFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("absent.safetensors").toStdString();
    try {
        SafeTensorsFile missing(path);
        QFAIL("a missing file was opened");
    } catch (const fr2r::ModelFormatError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path) + ": cannot open the file"), qPrintable(message));
        QVERIFY2(message.contains("No such file"), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestSafeTensorsFile)
#include "TestSafeTensorsFile.moc"
