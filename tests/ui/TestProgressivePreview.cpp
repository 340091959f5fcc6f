#include "TestConfig.h"
#include "support/TinyModelProfile.h"
#include "ui/AppSettings.h"
#include "ui/EngineController.h"
#include "ui/ImageStrip.h"
#include "ui/JobStatusBar.h"
#include "ui/MainWindow.h"
#include "ui/ParameterPanel.h"
#include "ui/ProgressiveRun.h"
#include "ui/sweep/SweepGridModel.h"
#include "ui/sweep/SweepPanel.h"
#include "ui/view/BeforeAfterView.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::ui::EngineController;
using fr2r::ui::MainWindow;
using fr2r::ui::ProgressiveRun;

// The progressive preview on the real window and the tiny golden model. The render is 96x80 and the working size
// 96, so a run is 96x80 and the 64-pixel preview 64x56; a "slow device" is a recorded run of 1000 s.
class TestProgressivePreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void withoutASlowEstimateThereIsNoPreview();
    void previewComesFirstMarkedAndIsReplaced();
    void parameterChangeDuringFullRunStartsANewPair();
    void cancelDuringPreviewStopsItsFullRunToo();
    void sweepShowsPreviewCellsThenFinalCells();
    void anotherImageDropsTheRunsOfTheFirst();
    void cleanupTestCase() { m_window.reset(); }

private:
    struct Translation
    {
        QSize size;
        double strength;
    };
    void recordSlowDevice();
    void setAutoUpdate(bool on);
    fr2r::ui::BeforeAfterView* view() const;
    QString statusNote() const;
    QString logText() const;
    void collectTranslations();

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QVector<Translation> m_translations; // every result the engine delivered, in order
};

void TestProgressivePreview::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    QVERIFY(m_dir.isValid());
    fr2r::core::RigParams params;
    params.steps = 4; // two regenerated steps keep every run short
    params.strength = 0.5;
    params.workingSize = 96;
    fr2r::test::useTinyModelProfile(QStringLiteral("TestProgressivePreview"), m_dir.filePath(QStringLiteral("config")),
                                    fr2r::test::tinyModelSettings(true), params);
    fr2r::ui::AppSettings settings;
    settings.setPreviewSide(64);
    QCOMPARE(settings.previewAfterSeconds(), 10.0); // the default threshold

    QImage render(96, 80, QImage::Format_RGB888);
    for (int y = 0; y < render.height(); ++y)
        for (int x = 0; x < render.width(); ++x)
            render.setPixelColor(x, y, QColor((x * 2) % 256, (y * 3) % 256, (x + y) % 256));
    QVERIFY(render.save(m_dir.filePath(QStringLiteral("render.png"))));

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engine()->isModelLoaded(), 120000);
    collectTranslations();
}

void TestProgressivePreview::collectTranslations()
{
    connect(m_window->engine(), &EngineController::translated, this,
            [this](quint64, const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                   const fr2r::core::RigMetadata&) {
                m_translations.append({QSize(result.width, result.height), params.strength});
            });
}

void TestProgressivePreview::recordSlowDevice()
{
    const auto* panel = m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
    m_window->progressiveRun()->estimate().record(1000.0, 96, 80, panel->params());
}

void TestProgressivePreview::setAutoUpdate(bool on)
{
    m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"))->setAutoUpdate(on);
}

fr2r::ui::BeforeAfterView* TestProgressivePreview::view() const
{
    return m_window->findChild<fr2r::ui::BeforeAfterView*>(QStringLiteral("beforeAfterView"));
}

QString TestProgressivePreview::statusNote() const
{
    return m_window->findChild<fr2r::ui::JobStatusBar*>(QStringLiteral("jobStatusBar"))->note();
}

QString TestProgressivePreview::logText() const
{
    return m_window->findChild<QPlainTextEdit*>(QStringLiteral("logView"))->toPlainText();
}

// The first run has no estimate; a fast one keeps none either.
void TestProgressivePreview::withoutASlowEstimateThereIsNoPreview()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    QSignalSpy previews(m_window->progressiveRun(), &ProgressiveRun::previewShown);
    m_window->addFiles({m_dir.filePath(QStringLiteral("render.png"))}); // the first image: translated at once
    QVERIFY(shown.wait(120000));
    m_window->progressiveRun()->estimate().record(0.5, 96, 80,
                                                  m_window->findChild<fr2r::ui::ParameterPanel*>()->params());
    m_window->translateCurrent();
    QVERIFY(shown.wait(120000));
    QCOMPARE(previews.count(), 0);
    QCOMPARE(m_translations.size(), 2);
    QCOMPARE(m_translations[0].size, QSize(96, 80));
    QCOMPARE(m_translations[1].size, QSize(96, 80));
    QVERIFY(!view()->isShowingPreview());
}

void TestProgressivePreview::previewComesFirstMarkedAndIsReplaced()
{
    m_translations.clear();
    recordSlowDevice();
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    bool checkedPreview = false;
    QObject scope; // ends the connections with this test
    // Checked the moment the preview is shown, before any later event (the full result) is handled.
    connect(m_window->progressiveRun(), &ProgressiveRun::previewShown, &scope, [&] {
        checkedPreview = true;
        QVERIFY(view()->isShowingPreview());
        QCOMPARE(view()->afterLabel(), ProgressiveRun::runningMark());
        QCOMPARE(statusNote(), ProgressiveRun::runningMark());
        QCOMPARE(view()->after().width(), 96); // scaled to the full result's width, at its own aspect
        QCOMPARE(view()->after().height(), 84); // 64x56 scaled, not stretched to the render's 96x80
        QVERIFY(m_window->result().isNull());
        QVERIFY(!m_window->findChild<QAction*>(QStringLiteral("saveAction"))->isEnabled());
        QVERIFY(!m_window->findChild<QAction*>(QStringLiteral("copyAction"))->isEnabled());
    }, Qt::SingleShotConnection);
    m_window->translateCurrent();
    QVERIFY(shown.wait(120000));
    QVERIFY(checkedPreview);
    QCOMPARE(m_translations.size(), 2);
    QCOMPARE(m_translations[0].size, QSize(64, 56)); // the preview, at the preview size
    QCOMPARE(m_translations[1].size, QSize(96, 80));
    QVERIFY(!view()->isShowingPreview());
    QCOMPARE(view()->afterLabel(), QStringLiteral("Realistic"));
    QCOMPARE(view()->after().size(), QSize(96, 80));
    QVERIFY(statusNote().isEmpty());
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("saveAction"))->isEnabled());
    QVERIFY2(logText().contains(QStringLiteral("at 96x80 > 10 s: preview at 64x56 first")), qPrintable(logText()));
}

void TestProgressivePreview::parameterChangeDuringFullRunStartsANewPair()
{
    m_translations.clear();
    recordSlowDevice();
    setAutoUpdate(true);
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    QSignalSpy cancelled(m_window->engine(), &EngineController::jobCancelled);
    QSignalSpy previews(m_window->progressiveRun(), &ProgressiveRun::previewShown);
    QObject scope;
    // While the first preview is shown its full run is queued or running: change the strength then, as the panel
    // reports it once its debounce has passed (waiting for that would let the full run finish first).
    connect(m_window->progressiveRun(), &ProgressiveRun::previewShown, &scope, [this] {
        recordSlowDevice();
        auto* panel = m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
        fr2r::core::RigParams params = panel->params();
        params.strength = 0.7;
        panel->setParams(params);
        Q_EMIT panel->paramsChanged(params);
    }, Qt::SingleShotConnection);
    m_window->translateCurrent();
    QVERIFY(shown.wait(120000));
    QCOMPARE(previews.count(), 2);
    QCOMPARE(cancelled.count(), 1); // the first full run; its result never arrives
    QCOMPARE(m_translations.size(), 3);
    QCOMPARE(m_translations[0].size, QSize(64, 56));
    QCOMPARE(m_translations[0].strength, 0.5);
    QCOMPARE(m_translations[1].size, QSize(64, 56));
    QCOMPARE(m_translations[1].strength, 0.7);
    QCOMPARE(m_translations[2].size, QSize(96, 80));
    QCOMPARE(m_translations[2].strength, 0.7);
    QVERIFY(!view()->isShowingPreview());
    setAutoUpdate(false);
}

void TestProgressivePreview::cancelDuringPreviewStopsItsFullRunToo()
{
    m_translations.clear();
    recordSlowDevice();
    const int cancelledLines = logText().count(QStringLiteral("Translation cancelled."));
    QSignalSpy cancelled(m_window->engine(), &EngineController::jobCancelled);
    QSignalSpy previews(m_window->progressiveRun(), &ProgressiveRun::previewShown);
    m_window->translateCurrent();
    m_window->cancelCurrent(); // the preview is the current job: its full run goes with it
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 2, 120000);
    QTRY_VERIFY(!m_window->engine()->isBusy());
    QCOMPARE(previews.count(), 0);
    QVERIFY(m_translations.isEmpty());
    QCOMPARE(logText().count(QStringLiteral("Translation cancelled.")), cancelledLines + 1);
}

void TestProgressivePreview::sweepShowsPreviewCellsThenFinalCells()
{
    auto* panel = m_window->findChild<fr2r::ui::SweepPanel*>(QStringLiteral("sweepPanel"));
    m_window->findChild<QLineEdit*>(QStringLiteral("sweepStrengths"))->setText(QStringLiteral("0.5"));
    m_window->findChild<QLineEdit*>(QStringLiteral("sweepGammas"))->setText(QStringLiteral("0, 0.9"));
    recordSlowDevice();
    const fr2r::ui::SweepGridModel& model = panel->model();
    QVector<bool> arrivals; // true: a preview cell
    QObject scope;
    connect(&model, &fr2r::ui::SweepGridModel::cellChanged, &scope, [&](int row, int column) {
        const auto& cell = model.cell(row, column);
        arrivals.append(cell.isPreview);
        if (cell.isPreview) {
            QCOMPARE(QSize(cell.image.width, cell.image.height), QSize(64, 56));
            QVERIFY(cell.metrics.isEmpty());
        }
    });
    bool refusedExport = false;
    connect(&model, &fr2r::ui::SweepGridModel::cellChanged, &scope, [&] {
        panel->exportTo(m_dir.filePath(QStringLiteral("grid.png")));
        const QString message = m_window->findChild<QLabel*>(QStringLiteral("sweepMessage"))->text();
        refusedExport = message.contains(QStringLiteral("preview"));
    }, Qt::SingleShotConnection);
    panel->run();
    QVERIFY(panel->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 120000);
    QVERIFY(refusedExport);
    QCOMPARE(arrivals, (QVector<bool>{true, true, false, false}));
    QVERIFY(model.isComplete());
    QCOMPARE(model.finalCount(), 2);
    QCOMPARE(model.resultSize(), QSize(96, 80));
    QTRY_COMPARE_WITH_TIMEOUT(panel->pendingMetrics(), 0, 60000);
    for (int c = 0; c < 2; ++c)
        QVERIFY(model.metric(0, c, fr2r::ui::SweepGridModel::Ssim).has_value());
}

// Choosing another image while the first one's full run is queued: that run is cancelled and its result, of
// another picture, never appears over the new image.
void TestProgressivePreview::anotherImageDropsTheRunsOfTheFirst()
{
    QImage second(80, 96, QImage::Format_RGB888);
    second.fill(QColor(40, 160, 90));
    const QString secondPath = m_dir.filePath(QStringLiteral("second.png"));
    QVERIFY(second.save(secondPath));
    m_window->addFiles({secondPath});
    auto* strip = m_window->findChild<fr2r::ui::ImageStrip*>();
    QTRY_COMPARE(strip->count(), 2);
    strip->setCurrentRow(0);
    QTRY_COMPARE(m_window->input().width, 96);
    m_translations.clear();
    recordSlowDevice();
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    QSignalSpy cancelled(m_window->engine(), &EngineController::jobCancelled);
    QObject scope;
    connect(m_window->progressiveRun(), &ProgressiveRun::previewShown, &scope, [strip] { strip->setCurrentRow(1); },
            Qt::SingleShotConnection);
    m_window->translateCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->input().width, 80, 120000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->engine()->isBusy(), 120000);
    QCOMPARE(cancelled.count(), 1); // the first image's full run
    QCOMPARE(shown.count(), 0);
    QCOMPARE(m_translations.size(), 1); // its preview only
    QVERIFY(view()->after().isNull());
    QVERIFY(!view()->isShowingPreview());
    QVERIFY(statusNote().isEmpty());
}

QTEST_MAIN(TestProgressivePreview)
#include "TestProgressivePreview.moc"
