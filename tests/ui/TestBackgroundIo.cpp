#include "ui/BackgroundIo.h"

#include "imaging/PngWriter.h"

#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using fr2r::ui::BackgroundIo;

// Results written and read back off the GUI thread, the way the window saves and reopens them.
class TestBackgroundIo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void savedParametersComeBack();
    void plainPngHasNoParameters();

private:
    struct Answer
    {
        fr2r::core::RigParams params;
        QString error;
    };
    Answer readParams(const QString& path);
};

TestBackgroundIo::Answer TestBackgroundIo::readParams(const QString& path)
{
    std::optional<Answer> answer;
    BackgroundIo::readResultParams(this, path, [&answer](const fr2r::core::RigParams& params, const QString& error) {
        answer = Answer{params, error};
    });
    [&answer] { QTRY_VERIFY(answer.has_value()); }();
    return answer.value_or(Answer{{}, QStringLiteral("no answer")});
}

void TestBackgroundIo::savedParametersComeBack()
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
    const QString path = dir.filePath(QStringLiteral("out/sub/result.png")); // the folders are created
    for (int run = 0; run < 3; ++run) {
        std::optional<QString> written;
        BackgroundIo::writeResult(this, path, image, params, metadata,
                                  [&written](const QString& error) { written = error; });
        QTRY_VERIFY(written.has_value());
        QCOMPARE(*written, QString());
        const Answer back = readParams(path);
        QCOMPARE(back.error, QString());
        QCOMPARE(back.params.steps, 25);
        QCOMPARE(back.params.strength, 0.42);
        QCOMPARE(back.params.gamma, 0.66);
        QCOMPARE(back.params.guidance, 6.0);
        QCOMPARE(back.params.tacLevels, (std::vector<int>{0, 2}));
        QVERIFY(back.params.tacBranches == fr2r::core::TacBranches::Both);
        QCOMPARE(back.params.positivePrompt, params.positivePrompt);
        QCOMPARE(back.params.workingSize, 768);
    }
    const auto chunks = fr2r::imaging::readPngText(path.toStdString());
    const std::string a1111 = chunks.at("parameters");
    QVERIFY(a1111.find('\n') == std::string::npos);
    QVERIFY(a1111.find("Steps: 25, Sampler: DDIM, CFG scale: 6") == 0);
    QVERIFY(a1111.find("Denoising strength: 0.42") != std::string::npos);
    QVERIFY(a1111.find("Size: 8x6") != std::string::npos);
    QVERIFY(a1111.find("Model hash: abc123") != std::string::npos);
}

void TestBackgroundIo::plainPngHasNoParameters()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.png"));
    fr2r::imaging::writePng(path.toStdString(), fr2r::ImageBuffer(4, 4));
    QVERIFY(readParams(path).error.contains(QStringLiteral("no \"fr2r\" parameters")));
    QVERIFY(readParams(dir.filePath(QStringLiteral("missing.png"))).error.contains(QStringLiteral("missing.png")));
}

QTEST_GUILESS_MAIN(TestBackgroundIo)
#include "TestBackgroundIo.moc"
