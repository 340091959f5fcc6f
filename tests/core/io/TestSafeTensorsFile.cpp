#include "core/Error.h"
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
};

void TestSafeTensorsFile::readsGoldenReference()
{
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
    QVERIFY(!QFile::exists(QString::fromStdString(path + ".partial")));
}

QTEST_GUILESS_MAIN(TestSafeTensorsFile)
#include "TestSafeTensorsFile.moc"
