#include "core/api/Error.h"
#include "ui/ResultFile.h"

#include "imaging/PngWriter.h"

#include <QTemporaryDir>
#include <QtTest>

using fr2r::ui::ResultFile;

class TestResultFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void savedParametersComeBack();
    void plainPngHasNoParameters();
};

void TestResultFile::savedParametersComeBack()
{
    QTemporaryDir dir;
    fr2r::core::RigParams params;
    params.steps = 25;
    params.strength = 0.42;
    params.gamma = 0.66;
    params.guidance = 6.0;
    params.tacLevels = {0, 2};
    params.tacBranches = fr2r::core::TacBranches::Both;
    params.positivePrompt = "a photo, \"studio\" light";
    params.workingSize = 768;
    fr2r::core::RigMetadata metadata;
    metadata.modelName = "tiny";
    metadata.modelHash = "abc123";
    fr2r::ImageBuffer image(8, 6);
    const QString path = dir.filePath(QStringLiteral("out/sub/result.png"));
    for (int run = 0; run < 3; ++run) {
        ResultFile::save(path, image, params, metadata);
        const fr2r::core::RigParams back = ResultFile::readParams(path);
        QCOMPARE(back.steps, 25);
        QCOMPARE(back.strength, 0.42);
        QCOMPARE(back.gamma, 0.66);
        QCOMPARE(back.guidance, 6.0);
        QCOMPARE(back.tacLevels, (std::vector<int>{0, 2}));
        QVERIFY(back.tacBranches == fr2r::core::TacBranches::Both);
        QCOMPARE(back.positivePrompt, params.positivePrompt);
        QCOMPARE(back.workingSize, 768);
    }
    const auto chunks = fr2r::imaging::readPngText(path.toStdString());
    const std::string a1111 = chunks.at("parameters");
    QVERIFY(a1111.find('\n') == std::string::npos);
    QVERIFY(a1111.find("Steps: 25, Sampler: DDIM, CFG scale: 6") == 0);
    QVERIFY(a1111.find("Denoising strength: 0.42") != std::string::npos);
    QVERIFY(a1111.find("Size: 8x6") != std::string::npos);
    QVERIFY(a1111.find("Model hash: abc123") != std::string::npos);
}

void TestResultFile::plainPngHasNoParameters()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.png"));
    fr2r::imaging::writePng(path.toStdString(), fr2r::ImageBuffer(4, 4));
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, ResultFile::readParams(path));
    QVERIFY_THROWS_EXCEPTION(fr2r::Error, ResultFile::readParams(dir.filePath(QStringLiteral("missing.png"))));
}

QTEST_GUILESS_MAIN(TestResultFile)
#include "TestResultFile.moc"
