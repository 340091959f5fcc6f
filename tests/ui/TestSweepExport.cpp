#include "ui/SweepExport.h"

#include "TestConfig.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"
#include "ui/SweepGridModel.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using fr2r::ui::SweepExport;
using fr2r::ui::SweepGridModel;

class TestSweepExport : public QObject
{
    Q_OBJECT

private:
    static fr2r::ImageBuffer solid(int width, int height, uint8_t value)
    {
        fr2r::ImageBuffer image(width, height);
        std::fill(image.pixels.begin(), image.pixels.end(), value);
        return image;
    }

    // A finished 2x3 sweep of 48x64 cells with SSIM on every cell but the last.
    static void fill(SweepGridModel& model)
    {
        model.reset({0.3, 0.5}, {0.0, 0.45, 0.9});
        for (int r = 0; r < 2; ++r) {
            for (int c = 0; c < 3; ++c) {
                QVERIFY(model.setImage(model.strengths()[r], model.gammas()[c], solid(48, 64, uint8_t(40 * (r * 3 + c)))));
                if (r * 3 + c < 5)
                    model.setMetric(r, c, SweepGridModel::Ssim, 0.5 + 0.05 * c);
            }
        }
    }

    static SweepExport::Job job(const SweepGridModel& model, const QString& path, const SweepExport::Options& options)
    {
        fr2r::core::RigParams base;
        base.positivePrompt = "a photo of a dress";
        base.workingSize = 64;
        return SweepExport::snapshot(model, solid(96, 128, 128), base, QStringLiteral("tiny"), path, options);
    }

    static QStringList readLines(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void csvHasOneRowPerCell();
    void csvAddsLpipsColumnWhenKnown();
    void pngSizeIsCellsPlusMargins_data();
    void pngSizeIsCellsPlusMargins();
    void cellFilesAndChunks();
    void asyncExportReportsFiles();
    void asyncExportReportsErrors();
};

void TestSweepExport::csvHasOneRowPerCell()
{
    SweepGridModel model;
    fill(model);
    const SweepExport::Job j = job(model, QStringLiteral("/tmp/grid.png"), {});
    const QStringList lines = SweepExport::csvText(j, {}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0], QStringLiteral("strength,gamma,ssim,file"));
    QCOMPARE(lines[1], QStringLiteral("0.3,0,0.500000,"));
    QCOMPARE(lines[3], QStringLiteral("0.3,0.9,0.600000,"));
    QCOMPARE(lines[6], QStringLiteral("0.5,0.9,,"));
}

void TestSweepExport::csvAddsLpipsColumnWhenKnown()
{
    SweepGridModel model;
    fill(model);
    model.setMetric(1, 2, SweepGridModel::Lpips, 0.25);
    const SweepExport::Job j = job(model, QStringLiteral("/tmp/grid.png"), {});
    QStringList names;
    for (int i = 0; i < 6; ++i)
        names.push_back(QStringLiteral("cell%1.png").arg(i));
    const QStringList lines = SweepExport::csvText(j, names).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines[0], QStringLiteral("strength,gamma,ssim,lpips,file"));
    QCOMPARE(lines[6], QStringLiteral("0.5,0.9,,0.250000,cell5.png"));
    QCOMPARE(lines[1], QStringLiteral("0.3,0,0.500000,,cell0.png"));
}

void TestSweepExport::pngSizeIsCellsPlusMargins_data()
{
    QTest::addColumn<bool>("input");
    QTest::addColumn<bool>("captions");
    QTest::newRow("plain") << false << false;
    QTest::newRow("input and captions") << true << true;
}

void TestSweepExport::pngSizeIsCellsPlusMargins()
{
    QFETCH(bool, input);
    QFETCH(bool, captions);
    QTemporaryDir dir;
    SweepGridModel model;
    fill(model);
    SweepExport::Options options;
    options.includeInput = input;
    options.captions = captions;
    options.csv = true;
    const QString path = dir.filePath(QStringLiteral("grid.png"));
    const SweepExport::Result result = SweepExport::write(job(model, path, options));
    QCOMPARE(result.files, QStringList({path, dir.filePath(QStringLiteral("grid.csv"))}));

    const fr2r::imaging::GridLayout& layout = result.layout;
    const int n = 3 + (input ? 1 : 0);
    QCOMPARE(layout.cellWidth, 48);
    QCOMPARE(layout.cellHeight, 64);
    QCOMPARE(layout.captionHeight > 0, captions);
    QVERIFY(layout.marginLeft > 0 && layout.marginTop > 0);
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    QCOMPARE(png.width, layout.marginLeft + n * 48 + (n - 1) * layout.gap + layout.marginRight);
    QCOMPARE(png.height, layout.marginTop + 2 * (64 + layout.captionHeight) + layout.gap + layout.marginBottom);
    QCOMPARE(readLines(result.files[1]).size(), 7);
}

void TestSweepExport::cellFilesAndChunks()
{
    QTemporaryDir dir;
    SweepGridModel model;
    fill(model);
    SweepExport::Options options;
    options.cellFiles = true;
    const QString path = dir.filePath(QStringLiteral("grid.png"));
    const SweepExport::Result result = SweepExport::write(job(model, path, options));
    QCOMPARE(result.files.size(), 1 + 6 + 1);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("grid_s0.5_g0.45.png"))));
    const QStringList lines = readLines(dir.filePath(QStringLiteral("grid.csv")));
    QCOMPARE(lines[5], QStringLiteral("0.5,0.45,0.550000,grid_s0.5_g0.45.png"));

    const auto chunks = fr2r::imaging::readPngText(path.toStdString());
    const QString parameters = QString::fromStdString(chunks.at("parameters"));
    QVERIFY2(parameters.contains(QStringLiteral("Sweep strengths: \"0.3, 0.5\", Sweep gammas: \"0, 0.45, 0.9\"")),
             qPrintable(parameters));
    QVERIFY(parameters.contains(QStringLiteral("Model: tiny")));
    QVERIFY(chunks.count("fr2r") == 1);
    QVERIFY(QString::fromStdString(chunks.at("fr2r-sweep")).contains(QStringLiteral("\"gammas\":[0,0.45,0.9]")));
    const auto cellChunks = fr2r::imaging::readPngText(dir.filePath(QStringLiteral("grid_s0.5_g0.45.png")).toStdString());
    QVERIFY(QString::fromStdString(cellChunks.at("parameters")).contains(QStringLiteral("Denoising strength: 0.5, TAC gamma: 0.45")));
}

void TestSweepExport::asyncExportReportsFiles()
{
    QTemporaryDir dir;
    SweepGridModel model;
    fill(model);
    SweepExport exporter;
    QSignalSpy finished(&exporter, &SweepExport::finished);
    exporter.start(job(model, dir.filePath(QStringLiteral("grid.png")), {}));
    QVERIFY(exporter.isRunning() || finished.count() == 1);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toStringList().size(), 2);
}

void TestSweepExport::asyncExportReportsErrors()
{
    SweepGridModel model;
    fill(model);
    SweepExport exporter;
    QSignalSpy failed(&exporter, &SweepExport::failed);
    exporter.start(job(model, QStringLiteral("/nonexistent-folder/grid.png"), {}));
    QTRY_COMPARE(failed.count(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("/nonexistent-folder/grid.png")), qPrintable(message));
    QVERIFY(!QFile::exists(QStringLiteral("/nonexistent-folder/grid.png")));
}

QTEST_GUILESS_MAIN(TestSweepExport)
#include "TestSweepExport.moc"
