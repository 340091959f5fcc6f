#include "ui/sweep/SweepPanel.h"

#include "TestConfig.h"
#include "imaging/GridComposer.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"
#include "ui/EngineController.h"
#include "ui/EvaluateDialog.h"
#include "ui/sweep/SweepGridModel.h"
#include "ui/sweep/SweepGridWidget.h"
#include "ui/sweep/TradeoffChart.h"

#include <QAction>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using fr2r::ui::EngineController;
using fr2r::ui::SweepExport;
using fr2r::ui::SweepGridModel;
using fr2r::ui::SweepGridWidget;
using fr2r::ui::SweepPanel;

namespace {

constexpr int kTimeoutMs = 300000;

QString goldenPath(const char* relative)
{
    return QStringLiteral(FR2R_GOLDEN_DIR "/") + QLatin1String(relative);
}

fr2r::ImageBuffer gradient(int width, int height)
{
    fr2r::ImageBuffer image(width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.row(y) + 3 * x;
            p[0] = uint8_t(x * 255 / width);
            p[1] = uint8_t(y * 255 / height);
            p[2] = uint8_t((x + y) % 64 * 4);
        }
    }
    return image;
}

} // namespace

// The sweep tab end to end on the tiny golden model: 2 strengths x 3 gammas at 64 px, 4 steps.
class TestSweepPanel : public QObject
{
    Q_OBJECT

private:
    EngineController* m_engine = nullptr;
    SweepPanel* m_panel = nullptr;
    fr2r::core::RigParams m_params;
    QTemporaryDir m_dir;
    QString m_inputPath;            // the gradient, on disk
    fr2r::core::RigMetadata m_metadata; // the last sweep's, as the engine sent it with the cells

    void runSweep()
    {
        QSignalSpy cells(m_engine, &EngineController::sweepCellReady);
        QTest::mouseClick(m_panel->findChild<QPushButton*>(QStringLiteral("sweepRun")), Qt::LeftButton);
        QVERIFY(m_panel->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isRunning() && m_panel->pendingMetrics() == 0, kTimeoutMs);
        QVERIFY(!cells.isEmpty());
        m_metadata = cells.last().at(4).value<fr2r::core::RigMetadata>();
    }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rejectsInvalidLists();
    void sweepFillsEveryCell();
    void clickingCellActivatesIt();
    void exportsGridAndCsv();
    void exportedCellCarriesTheHashes();
    void lpipsJoinsSsimWhenWeightsAreSet();
    void newSweepKeepsLastGridUntilFirstCell();
    void chartKeepsItsMinimumWidth();
};

void TestSweepPanel::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    QSettings().remove(fr2r::ui::EvaluateDialog::kLpipsWeightsKey);
    m_engine = new EngineController;
    fr2r::core::EngineSettings settings;
    settings.modelPath = goldenPath("tiny/model").toStdString();
    settings.negativeEmbeddingPath = goldenPath("tiny/negative_embedding.safetensors").toStdString();
    settings.device = fr2r::core::DeviceChoice::Cpu;
    QSignalSpy loaded(m_engine, &EngineController::modelLoaded);
    m_engine->loadModel(settings);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);

    m_panel = new SweepPanel(m_engine);
    m_panel->resize(1000, 600);
    m_panel->show();
    m_params.steps = 4;
    m_params.workingSize = 64;
    m_panel->setBaseParams(m_params);
    m_inputPath = m_dir.filePath(QStringLiteral("gradient.png"));
    fr2r::imaging::writePng(m_inputPath.toStdString(), gradient(64, 64));
    m_panel->setInput(gradient(64, 64), m_inputPath);
}

void TestSweepPanel::cleanupTestCase()
{
    delete m_panel;
    delete m_engine;
}

void TestSweepPanel::rejectsInvalidLists()
{
    auto* strengths = m_panel->findChild<QLineEdit*>(QStringLiteral("sweepStrengths"));
    auto* run = m_panel->findChild<QPushButton*>(QStringLiteral("sweepRun"));
    QVERIFY(run->isEnabled());
    strengths->setText(QStringLiteral("0.3, x"));
    QVERIFY(!run->isEnabled());
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("sweepMessage"))->text().contains(QStringLiteral("not a number")));
    strengths->clear();
    QTest::keyClicks(strengths, QStringLiteral("0.3, 0.5"));
    m_panel->findChild<QLineEdit*>(QStringLiteral("sweepGammas"))->setText(QStringLiteral("0, 0.5, 1"));
    QVERIFY(run->isEnabled());
}

void TestSweepPanel::sweepFillsEveryCell()
{
    std::vector<fr2r::ImageBuffer> first;
    // Twice: a second run must reproduce the first cell for cell.
    for (int attempt = 0; attempt < 2; ++attempt) {
        runSweep();
        const SweepGridModel& model = m_panel->model();
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(model.readyCount(), 6);
        for (int r = 0; r < 2; ++r) {
            for (int c = 0; c < 3; ++c) {
                const auto ssim = model.metric(r, c, SweepGridModel::Ssim);
                QVERIFY(ssim.has_value());
                QVERIFY(*ssim > -1.0 && *ssim <= 1.0);
                if (attempt == 0)
                    first.push_back(model.cell(r, c).image);
                else
                    QVERIFY(model.cell(r, c).image.pixels == first[size_t(r) * 3 + c].pixels);
            }
        }
    }
}

void TestSweepPanel::clickingCellActivatesIt()
{
    auto* grid = m_panel->findChild<SweepGridWidget*>(QStringLiteral("sweepGrid"));
    QVERIFY(!grid->gridLayout().isEmpty());
    QSignalSpy activated(m_panel, &SweepPanel::cellActivated);
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->gridLayout().cellRect(1, 2).center());
    QCOMPARE(activated.count(), 1);
    const auto params = activated.first().at(1).value<fr2r::core::RigParams>();
    QCOMPARE(params.strength, 0.5);
    QCOMPARE(params.gamma, 1.0);
    QCOMPARE(params.steps, 4);
    QVERIFY(activated.first().at(0).value<fr2r::ImageBuffer>().pixels == m_panel->model().cell(1, 2).image.pixels);
}

void TestSweepPanel::exportsGridAndCsv()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sweep.png"));
    QSignalSpy finished(m_panel, &SweepPanel::exportFinished);
    m_panel->exportTo(path);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);

    const SweepExport::Job job = SweepExport::snapshot(m_panel->model(), gradient(64, 64), QStringLiteral("gradient.png"),
                                                       m_params, m_metadata, path,
                                                       m_panel->exportOptions());
    const fr2r::imaging::GridLayout layout = fr2r::imaging::composeGrid(SweepExport::gridSpec(job)).layout;
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    const int n = layout.totalColumns();
    QCOMPARE(n, 4); // the input column is on by default
    QCOMPARE(png.width, layout.marginLeft + n * layout.cellWidth + (n - 1) * layout.gap + layout.marginRight);
    QCOMPARE(png.height, layout.marginTop + 2 * (layout.cellHeight + layout.captionHeight) + layout.gap + layout.marginBottom);
    QCOMPARE(layout.cellWidth, SweepExport::kMinimumCellSide); // the square render's 64 px results, enlarged
    QCOMPARE(layout.cellHeight, SweepExport::kMinimumCellSide);

    QFile csv(dir.filePath(QStringLiteral("sweep.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0], QStringLiteral("strength,gamma,ssim,file"));
}

void TestSweepPanel::exportedCellCarriesTheHashes()
{
    QTemporaryDir dir;
    QSignalSpy finished(m_panel, &SweepPanel::exportFinished);
    auto* cells = m_panel->findChild<QAction*>(QStringLiteral("sweepExportCells"));
    cells->setChecked(true);
    m_panel->exportTo(dir.filePath(QStringLiteral("sweep.png")));
    cells->setChecked(false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    const QStringList files = finished.first().at(0).toStringList();
    QCOMPARE(files.size(), 1 + 6 + 1); // grid, cells, CSV

    QFile input(m_inputPath);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QByteArray inputSha = QCryptographicHash::hash(input.readAll(), QCryptographicHash::Sha256).toHex();
    for (const QString& png : {files[0], files[1]}) { // the grid and a cell
        const auto chunks = fr2r::imaging::readPngText(png.toStdString());
        const QJsonObject settings = QJsonDocument::fromJson(QByteArray::fromStdString(chunks.at("fr2r"))).object();
        QCOMPARE(settings.value(QStringLiteral("source_sha256")).toString(), QString::fromLatin1(inputSha));
        const QJsonObject model = settings.value(QStringLiteral("model")).toObject();
        const QString modelHash = model.value(QStringLiteral("hash")).toString();
        QCOMPARE(modelHash.size(), 10); // the first ten hex digits of the weights' SHA-256
        QCOMPARE(modelHash.toStdString(), m_metadata.modelHash);
    }
}

void TestSweepPanel::lpipsJoinsSsimWhenWeightsAreSet()
{
    QSettings().setValue(fr2r::ui::EvaluateDialog::kLpipsWeightsKey, QStringLiteral(FR2R_LPIPS_WEIGHTS));
    runSweep();
    QSettings().remove(fr2r::ui::EvaluateDialog::kLpipsWeightsKey);
    const SweepGridModel& model = m_panel->model();
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const auto lpips = model.metric(row, column, SweepGridModel::Lpips);
            QVERIFY(lpips.has_value());
            QVERIFY(*lpips > 0.0); // every cell differs from the input
        }
    }
    QTemporaryDir dir;
    QSignalSpy finished(m_panel, &SweepPanel::exportFinished);
    m_panel->exportTo(dir.filePath(QStringLiteral("sweep.png")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QFile csv(dir.filePath(QStringLiteral("sweep.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(csv.readLine()).trimmed(), QStringLiteral("strength,gamma,ssim,lpips,file"));
}

void TestSweepPanel::newSweepKeepsLastGridUntilFirstCell()
{
    const SweepGridModel& model = m_panel->model();
    QVERIFY(model.isComplete());
    const QVector<double> lastStrengths = model.strengths();
    m_panel->findChild<QLineEdit*>(QStringLiteral("sweepStrengths"))->setText(QStringLiteral("0.4"));
    m_panel->findChild<QLineEdit*>(QStringLiteral("sweepGammas"))->setText(QStringLiteral("0.2, 0.8"));
    QTest::mouseClick(m_panel->findChild<QPushButton*>(QStringLiteral("sweepRun")), Qt::LeftButton);
    QVERIFY(m_panel->isRunning());
    // No cell can have arrived yet (they come through the event loop): the last grid is still whole.
    QCOMPARE(model.strengths(), lastStrengths);
    QVERIFY(model.isComplete());
    QVERIFY(!m_panel->findChild<SweepGridWidget*>(QStringLiteral("sweepGrid"))->gridLayout().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(model.strengths() == QVector<double>{0.4}, kTimeoutMs);
    QVERIFY(model.readyCount() >= 1); // replaced together with its first cell
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isRunning() && m_panel->pendingMetrics() == 0, kTimeoutMs);
    QCOMPARE(model.readyCount(), 2);
}

void TestSweepPanel::chartKeepsItsMinimumWidth()
{
    auto* chart = m_panel->findChild<fr2r::ui::TradeoffChart*>(QStringLiteral("tradeoffChart"));
    m_panel->resize(560, 600);
    QTRY_VERIFY(chart->width() >= fr2r::ui::TradeoffChart::kMinimumWidth);
    m_panel->resize(1000, 600);
}

QTEST_MAIN(TestSweepPanel)
#include "TestSweepPanel.moc"
