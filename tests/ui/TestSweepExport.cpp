#include "ui/sweep/SweepExport.h"

#include "TestConfig.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"
#include "ui/ImageConversion.h"
#include "ui/sweep/SweepGridModel.h"
#include "ui/sweep/SweepGridText.h"

#include <QFile>
#include <QFontDatabase>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTransform>
#include <QTranslator>

#include <cmath>

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

    // A finished 2x3 sweep of cellWidth x cellHeight cells with SSIM on every cell but the last.
    static void fill(SweepGridModel& model, int cellWidth = 48, int cellHeight = 64)
    {
        model.reset({0.3, 0.5}, {0.0, 0.45, 0.9});
        for (int r = 0; r < 2; ++r) {
            for (int c = 0; c < 3; ++c) {
                QVERIFY(model.setImage(model.strengths()[r], model.gammas()[c],
                                       solid(cellWidth, cellHeight, uint8_t(40 * (r * 3 + c)))));
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
        fr2r::core::RigMetadata metadata;
        metadata.modelName = "tiny · CPU float32";
        return SweepExport::snapshot(model, solid(96, 128, 128), QStringLiteral("dress.png"), base, metadata, path,
                                     options);
    }

    static fr2r::ImageBuffer crop(const fr2r::ImageBuffer& image, const fr2r::imaging::GridRect& box)
    {
        return fr2r::ui::ImageConversion::toBuffer(
            fr2r::ui::ImageConversion::toQImage(image).copy(box.x, box.y, box.width, box.height));
    }

    // The exported pixels under box are exactly expected, as SweepGridText draws it.
    static bool showsLabel(const fr2r::ImageBuffer& png, const fr2r::imaging::GridRect& box,
                           const fr2r::ImageBuffer& expected)
    {
        return expected.width == box.width && expected.height == box.height && crop(png, box).pixels == expected.pixels;
    }

    static fr2r::ImageBuffer rotatedLeft(const fr2r::ImageBuffer& image)
    {
        return fr2r::ui::ImageConversion::toBuffer(
            fr2r::ui::ImageConversion::toQImage(image).transformed(QTransform().rotate(-90)));
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
    void cellsKeepRenderAspect_data();
    void cellsKeepRenderAspect();
    void chineseLabelsPrintAsWritten();
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
    QCOMPARE(layout.cellWidth, 192); // the 3:4 render's aspect, 256 px long
    QCOMPARE(layout.cellHeight, 256);
    QCOMPARE(layout.captionHeight > 0, captions);
    QVERIFY(layout.marginLeft > 0 && layout.marginTop > 0);
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    QCOMPARE(png.width, layout.marginLeft + n * 192 + (n - 1) * layout.gap + layout.marginRight);
    QCOMPARE(png.height, layout.marginTop + 2 * (256 + layout.captionHeight) + layout.gap + layout.marginBottom);
    QCOMPARE(readLines(result.files[1]).size(), 7);
}

void TestSweepExport::cellsKeepRenderAspect_data()
{
    QTest::addColumn<QSize>("render");
    QTest::addColumn<QSize>("result");
    QTest::addColumn<int>("workingSize");
    QTest::addColumn<int>("longSide");
    // Results within one latent pixel of the render's aspect, as the working size rounds them.
    QTest::newRow("2:3 at 128") << QSize(512, 768) << QSize(88, 128) << 128 << 256;
    QTest::newRow("3:2 at 256") << QSize(768, 512) << QSize(256, 168) << 256 << 256;
    QTest::newRow("2:3 at 512") << QSize(512, 768) << QSize(344, 512) << 512 << 512;
    QTest::newRow("2:3 at 1024") << QSize(512, 768) << QSize(680, 1024) << 1024 << 1024;
}

void TestSweepExport::cellsKeepRenderAspect()
{
    QFETCH(QSize, render);
    QFETCH(QSize, result);
    QFETCH(int, workingSize);
    QFETCH(int, longSide);
    QTemporaryDir dir;
    SweepGridModel model;
    fill(model, result.width(), result.height());
    fr2r::core::RigParams base;
    base.workingSize = workingSize;
    const QString path = dir.filePath(QStringLiteral("grid.png"));
    const SweepExport::Job job = SweepExport::snapshot(model, solid(render.width(), render.height(), 128),
                                                       QStringLiteral("render.png"), base, {}, path, {});
    const fr2r::imaging::GridLayout layout = SweepExport::write(job).layout;
    QCOMPARE(std::max(layout.cellWidth, layout.cellHeight), longSide);
    // Within one latent pixel (8 px at the working size) of the render's aspect, at the cell's scale.
    const double latentPixel = 8.0 * longSide / workingSize;
    const double expectedWidth = double(layout.cellHeight) * render.width() / render.height();
    QVERIFY2(std::abs(layout.cellWidth - expectedWidth) <= latentPixel,
             qPrintable(QStringLiteral("%1x%2").arg(layout.cellWidth).arg(layout.cellHeight)));
    // The cell shows its image edge to edge: no band of another colour around it.
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    const fr2r::imaging::GridRect cell = layout.cells[1];
    for (const QPoint corner : {QPoint(cell.x, cell.y), QPoint(cell.right() - 1, cell.bottom() - 1)})
        QCOMPARE(int(png.row(corner.y())[3 * corner.x()]), 40);
}

void TestSweepExport::chineseLabelsPrintAsWritten()
{
    if (QFontDatabase::families(QFontDatabase::SimplifiedChinese).isEmpty())
        QSKIP("no font with Chinese glyphs is installed (scripts/install-deps.sh adds fonts-wqy-microhei)");
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(FR2R_ZH_CN_QM)));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QTemporaryDir dir;
    SweepGridModel model;
    fill(model);
    const SweepExport::Job j = job(model, dir.filePath(QStringLiteral("grid.png")), {});
    const SweepExport::Result result = SweepExport::write(j);
    const QSize resultSize(j.cells.front().width, j.cells.front().height);
    const QString title = SweepExport::titleText(j.inputName, QString::fromStdString(j.metadata.modelName), j.base, resultSize);
    QCoreApplication::removeTranslator(&translator);
    // The size the results were made at, not the working-size setting they were clamped from.
    QVERIFY2(title.contains(QStringLiteral("%1x%2").arg(resultSize.width()).arg(resultSize.height())), qPrintable(title));

    QVERIFY2(title.contains(QStringLiteral("模型：tiny · CPU float32")), qPrintable(title));
    QVERIFY2(title.contains(QStringLiteral("正向分支")), qPrintable(title)); // the branch names are translated too
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(j.pngPath.toStdString());
    const fr2r::imaging::GridLayout& layout = result.layout;
    const fr2r::ui::SweepGridText text(j.font, {layout.cellWidth, layout.cellHeight});
    const int width = layout.cellWidth;
    QVERIFY(showsLabel(png, layout.titleBox, text.title(title, 4 * width)));
    QVERIFY(showsLabel(png, layout.rowTitleBox, rotatedLeft(text.axisTitle(QStringLiteral("去噪强度"), 2 * layout.cellHeight))));
    QVERIFY(showsLabel(png, layout.columnTitleBox, text.axisTitle(QStringLiteral("TAC 比例 γ"), 3 * width)));
    QVERIFY(showsLabel(png, layout.inputLabelBox, text.label(QStringLiteral("输入"), width)));
    const QStringList strengths{QStringLiteral("0.3"), QStringLiteral("0.5")};
    const QStringList gammas{QStringLiteral("0"), QStringLiteral("0.45"), QStringLiteral("0.9")};
    for (int r = 0; r < 2; ++r)
        QVERIFY(showsLabel(png, layout.rowLabelBoxes[r], text.label(strengths[r], width)));
    for (int c = 0; c < 3; ++c) {
        QVERIFY(showsLabel(png, layout.columnLabelBoxes[c], text.label(gammas[c], width)));
        QVERIFY(showsLabel(png, layout.captionBoxes[c], text.caption(QStringLiteral("SSIM %1").arg(0.5 + 0.05 * c, 0, 'f', 3), width)));
    }
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

QTEST_MAIN(TestSweepExport)
#include "TestSweepExport.moc"
