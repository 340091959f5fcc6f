#include "TestConfig.h"
#include "support/TinyModelProfile.h"
#include "imaging/PngWriter.h"
#include "ui/AppSettings.h"
#include "ui/BatchRunner.h"
#include "ui/EngineController.h"
#include "ui/ImageStrip.h"
#include "ui/JobStatusBar.h"
#include "ui/MainWindow.h"
#include "ui/MessageBar.h"
#include "ui/ModelDownloadDialog.h"
#include "ui/ParameterPanel.h"
#include "ui/view/BeforeAfterView.h"

#include <QCryptographicHash>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using fr2r::ui::EngineController;
using fr2r::ui::MainWindow;

// The real window on the tiny golden model (random weights: the images are noise, the plumbing is real).
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadingLogsTheCoreDecisions();
    void droppedImageIsTranslated();
    void strengthSliderReruns();
    void gammaChangeReusesInversion();
    void cancelStopsTheRun();
    void unreadableDropLeavesWindowUsable();
    void savedResultRestoresParameters();
    void translateAllRefusesOutputOnInput();
    void translateAllWritesEveryImage();
    void manualUpdateMarksOutdatedResult();
    void cancelShowsCancellingAtOnce();
    void unreadFilesMergeAndOutliveNotices();
    void loadFailureNamesTheField();
    void getBaseModelOpensTheDownloadDialog();
    void closeDuringLargeJobReturnsQuickly();
    void cleanupTestCase() { m_window.reset(); }

private:
    QString writeInput(const QString& name, int shift, QSize size = QSize(96, 80));
    QString writeBroken(const QString& name);
    fr2r::ui::MessageBar* messageBar() const;
    QString logText() const;
    void dropOnView(const QStringList& paths);
    bool waitForResult(QSignalSpy& shown);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    QVERIFY(m_dir.isValid());
    fr2r::core::RigParams params;
    params.steps = 10;
    params.strength = 0.5;
    params.workingSize = 64;
    fr2r::test::useTinyModelProfile(QStringLiteral("TestMainWindow"), m_dir.filePath(QStringLiteral("config")),
                                    fr2r::test::tinyModelSettings(true), params);

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engine()->isModelLoaded(), 120000);
}

QString TestMainWindow::writeInput(const QString& name, int shift, QSize size)
{
    QImage image(size, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y, QColor((x * 2 + shift) % 256, (y * 3) % 256, (x + y) % 256));
    const QString path = m_dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!image.save(path))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString TestMainWindow::writeBroken(const QString& name)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write("not an image") < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

fr2r::ui::MessageBar* TestMainWindow::messageBar() const
{
    return m_window->findChild<fr2r::ui::MessageBar*>(QStringLiteral("messageBar"));
}

QString TestMainWindow::logText() const
{
    return m_window->findChild<QPlainTextEdit*>(QStringLiteral("logView"))->toPlainText();
}

void TestMainWindow::dropOnView(const QStringList& paths)
{
    auto* view = m_window->findChild<fr2r::ui::BeforeAfterView*>(QStringLiteral("beforeAfterView"));
    QVERIFY(view);
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime.setUrls(urls);
    const QPoint pos = view->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &drop);
}

bool TestMainWindow::waitForResult(QSignalSpy& shown)
{
    return shown.count() > 0 || shown.wait(120000);
}

void TestMainWindow::loadingLogsTheCoreDecisions()
{
    // The core's JobLog line, through RigEngine's log callback, the controller's signal and the dock.
    QTRY_VERIFY2(logText().contains(QStringLiteral("tokenizer: ")), qPrintable(logText()));
}

void TestMainWindow::droppedImageIsTranslated()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    dropOnView({writeInput(QStringLiteral("first.png"), 0)});
    QVERIFY(waitForResult(shown));
    const fr2r::ImageBuffer input = m_window->input();
    const fr2r::ImageBuffer result = m_window->result();
    QCOMPARE(input.width, 96);
    // The working size's long side; the render's 6:5 aspect kept within one latent pixel (8 px).
    QCOMPARE(result.width, 64);
    QCOMPARE(result.height, 56);
    QVERIFY(result.pixels != input.pixels);
}

void TestMainWindow::strengthSliderReruns()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    const fr2r::ImageBuffer before = m_window->result();
    auto* slider = m_window->findChild<QSlider*>(QStringLiteral("strengthSlider"));
    QVERIFY(slider);
    slider->setSliderDown(true);
    slider->setValue(70);
    slider->setSliderDown(false);
    QVERIFY(waitForResult(shown));
    QCOMPARE(shown.count(), 1);
    QVERIFY(m_window->result().pixels != before.pixels);
}

void TestMainWindow::gammaChangeReusesInversion()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    const int inversions = m_window->engine()->stats().inversionUnetCalls;
    QVERIFY(inversions > 0);
    m_window->findChild<QDoubleSpinBox*>(QStringLiteral("gammaSpin"))->setValue(0.3);
    QVERIFY(waitForResult(shown));
    QCOMPARE(m_window->engine()->stats().inversionUnetCalls, inversions);
}

void TestMainWindow::cancelStopsTheRun()
{
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    QSignalSpy cancelled(m_window->engine(), &EngineController::jobCancelled);
    auto* panel = m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
    fr2r::core::RigParams params = panel->params();
    params.strength = 0.9; // a new inversion: many UNet calls, each preceded by a stop check
    panel->setParams(params);
    m_window->translateCurrent();
    QVERIFY(m_window->engine()->isBusy());
    // However fast the worker is, the job cannot have reached the GUI thread yet: Cancel must win.
    m_window->cancelCurrent();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
    QTRY_VERIFY(!m_window->engine()->isBusy());
    QCOMPARE(shown.count(), 0);
}

void TestMainWindow::unreadableDropLeavesWindowUsable()
{
    const QString broken = m_dir.filePath(QStringLiteral("broken.png"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image");
    file.close();
    dropOnView({broken});
    auto* bar = m_window->findChild<fr2r::ui::MessageBar*>(QStringLiteral("messageBar"));
    QTRY_VERIFY(bar->isVisible() && bar->text().contains(QStringLiteral("broken.png")));
    QCOMPARE(bar->level(), fr2r::ui::MessageBar::Level::Error);
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    m_window->translateCurrent();
    QVERIFY(waitForResult(shown));
}

void TestMainWindow::savedResultRestoresParameters()
{
    const QString path = m_dir.filePath(QStringLiteral("saved/result.png"));
    const auto strength = m_window->findChild<QDoubleSpinBox*>(QStringLiteral("strengthSpin"));
    const double saved = strength->value();
    m_window->saveResultTo(path);
    QTRY_VERIFY(QFile::exists(path));
    strength->setValue(0.2);
    m_window->openResultFrom(path); // read off the GUI thread
    QTRY_COMPARE(strength->value(), saved);

    // The metadata is the engine's for the input the result was made from (first.png).
    QFile input(m_dir.filePath(QStringLiteral("first.png")));
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QByteArray inputSha = QCryptographicHash::hash(input.readAll(), QCryptographicHash::Sha256).toHex();
    const auto chunks = fr2r::imaging::readPngText(path.toStdString());
    const QJsonObject settings = QJsonDocument::fromJson(QByteArray::fromStdString(chunks.at("fr2r"))).object();
    QCOMPARE(settings.value(QStringLiteral("source_sha256")).toString(), QString::fromLatin1(inputSha));
    QCOMPARE(settings.value(QStringLiteral("source")).toString(), input.fileName()); // the path the user opened
    QCOMPARE(settings.value(QStringLiteral("model")).toObject().value(QStringLiteral("hash")).toString().size(), 10);
}

void TestMainWindow::translateAllRefusesOutputOnInput()
{
    // first.png, dropped earlier from m_dir, would be overwritten by its own result.
    QFile first(m_dir.filePath(QStringLiteral("first.png")));
    QVERIFY(first.open(QIODevice::ReadOnly));
    const QByteArray before = first.readAll();
    first.close();
    m_window->translateAllTo(m_dir.path());
    auto* bar = m_window->findChild<fr2r::ui::MessageBar*>(QStringLiteral("messageBar"));
    QCOMPARE(bar->level(), fr2r::ui::MessageBar::Level::Error);
    QVERIFY2(bar->text().contains(QStringLiteral("first.png")), qPrintable(bar->text()));
    QVERIFY(!m_window->findChild<fr2r::ui::BatchRunner*>()->isRunning());
    QVERIFY(first.open(QIODevice::ReadOnly));
    QCOMPARE(first.readAll(), before);
}

void TestMainWindow::translateAllWritesEveryImage()
{
    writeInput(QStringLiteral("batch/a.png"), 10);
    writeInput(QStringLiteral("batch/sub/b.png"), 20);
    const QString gone = writeInput(QStringLiteral("batch/gone.png"), 30);
    dropOnView({m_dir.filePath(QStringLiteral("batch"))});
    auto* strip = m_window->findChild<fr2r::ui::ImageStrip*>();
    QTRY_COMPARE_WITH_TIMEOUT(strip->pendingThumbnails(), 0, 60000);
    QCOMPARE(strip->count(), 4);
    QFile file(gone); // listed, then broken on disk before the batch reads it
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an image any more");
    file.close();
    auto* batch = m_window->findChild<fr2r::ui::BatchRunner*>();
    QSignalSpy messages(batch, &fr2r::ui::BatchRunner::message);
    QSignalSpy finished(batch, &fr2r::ui::BatchRunner::finished);
    const QString out = m_dir.filePath(QStringLiteral("out"));
    m_window->translateAllTo(out);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
    QVERIFY(QFile::exists(out + QStringLiteral("/sub/b.png")));
    QVERIFY(QFile::exists(out + QStringLiteral("/a.png")));
    QVERIFY(QFile::exists(out + QStringLiteral("/first.png")));
    // gone.png fails with its name and the reason, and the batch goes on.
    QCOMPARE(messages.count(), 1);
    const QString text = messages.at(0).at(0).toString();
    QVERIFY2(text.contains(QStringLiteral("gone.png")) && text.contains(QStringLiteral("cannot read image")),
             qPrintable(text));
    QCOMPARE(finished.at(0).at(0).toInt(), 3);
    QCOMPARE(finished.at(0).at(1).toInt(), 1);
}

void TestMainWindow::manualUpdateMarksOutdatedResult()
{
    auto* panel = m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
    auto* view = m_window->findChild<fr2r::ui::BeforeAfterView*>(QStringLiteral("beforeAfterView"));
    QVERIFY(!m_window->result().pixels.empty());
    panel->setAutoUpdate(false);
    QSignalSpy shown(m_window.get(), &MainWindow::resultShown);
    m_window->findChild<QDoubleSpinBox*>(QStringLiteral("gammaSpin"))->setValue(0.15);
    QTest::qWait(fr2r::ui::ParameterPanel::kDebounceMs + 200);
    QVERIFY(!m_window->engine()->isBusy()); // nothing started by itself
    QCOMPARE(shown.count(), 0);
    QVERIFY(view->afterLabel().contains(QStringLiteral("previous settings")));
    m_window->translateCurrent();
    QVERIFY(waitForResult(shown));
    QVERIFY(!view->afterLabel().contains(QStringLiteral("previous settings")));
    panel->setAutoUpdate(true);
}

void TestMainWindow::cancelShowsCancellingAtOnce()
{
    auto* status = m_window->findChild<fr2r::ui::JobStatusBar*>(QStringLiteral("jobStatusBar"));
    auto* panel = m_window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
    QTRY_VERIFY_WITH_TIMEOUT(logText().contains(QStringLiteral("Translate all:")), 120000); // the batch ended
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->engine()->isBusy(), 120000);
    fr2r::core::RigParams params = panel->params();
    params.steps = 12; // a new inversion: many UNet calls
    params.strength = 0.9;
    panel->setParams(params);
    m_window->translateCurrent();
    QSignalSpy progress(m_window->engine(), &EngineController::progressChanged);
    QVERIFY(progress.wait(60000)); // the job runs
    m_window->cancelCurrent();
    QCOMPARE(status->text(), QStringLiteral("Cancelling…")); // at once, before the worker has stopped
    QString atCancel;
    const auto recorder =
        connect(m_window->engine(), &EngineController::jobCancelled, this, [&] { atCancel = status->text(); });
    QSignalSpy cancelled(m_window->engine(), &EngineController::jobCancelled);
    const bool stopped = cancelled.wait(60000);
    disconnect(recorder);
    QVERIFY(stopped);
    QCOMPARE(atCancel, QStringLiteral("Cancelling…")); // the stopped job's late progress was not shown
    QTRY_COMPARE(status->text(), QStringLiteral("Ready"));
}

void TestMainWindow::unreadFilesMergeAndOutliveNotices()
{
    fr2r::ui::MessageBar* bar = messageBar();
    bar->dismiss();
    const QStringList broken{writeBroken(QStringLiteral("torn1.png")), writeBroken(QStringLiteral("torn2.png")),
                             writeBroken(QStringLiteral("torn3.png"))};
    dropOnView(broken);
    QTRY_COMPARE(bar->text(), QStringLiteral("3 files could not be read"));
    QCOMPARE(bar->level(), fr2r::ui::MessageBar::Level::Error);
    for (const QString& path : broken)
        QVERIFY2(bar->details().contains(QFileInfo(path).fileName()), qPrintable(bar->details()));

    // A notice ("Saved …") goes to the log; the unread error stays in view.
    m_window->saveResultTo(m_dir.filePath(QStringLiteral("notice/result.png")));
    QTRY_VERIFY(logText().contains(QStringLiteral("Saved")));
    QCOMPARE(bar->text(), QStringLiteral("3 files could not be read"));
    QVERIFY(bar->isVisible());
    bar->dismiss();
    QVERIFY(!bar->isVisible());
}

void TestMainWindow::loadFailureNamesTheField()
{
    fr2r::ui::AppSettings settings;
    const fr2r::core::EngineSettings saved = settings.engineSettings();
    fr2r::core::EngineSettings broken = saved;
    broken.negativeEmbeddingPath = writeBroken(QStringLiteral("embedding.safetensors")).toStdString();
    settings.setEngineSettings(broken);
    MainWindow window;
    settings.setEngineSettings(saved);
    auto* bar = window.findChild<fr2r::ui::MessageBar*>(QStringLiteral("messageBar"));
    QTRY_VERIFY_WITH_TIMEOUT(!bar->isHidden() && bar->level() == fr2r::ui::MessageBar::Level::Error, 60000);
    QVERIFY2(bar->text().contains(QStringLiteral("negative embedding")), qPrintable(bar->text()));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("modelLabel"))->text(), QStringLiteral("model failed to load"));
    auto* view = window.findChild<fr2r::ui::BeforeAfterView*>(QStringLiteral("beforeAfterView"));
    const QString centre = view->emptyStateText();
    QVERIFY2(!centre.contains(QStringLiteral("No model is set yet")) && centre.contains(QStringLiteral("failed")),
             qPrintable(centre));
}

// The window of a 1024-px job closes, and its worker is joined, well before a UNet pass at that size would end.
void TestMainWindow::getBaseModelOpensTheDownloadDialog()
{
    auto* action = m_window->findChild<QAction*>(QStringLiteral("getModelAction"));
    QVERIFY(action);
    QString opened;
    QTimer::singleShot(0, this, [&opened] { // the dialog runs modally: look at it from inside its loop, then close it
        if (auto* dialog = qobject_cast<fr2r::ui::ModelDownloadDialog*>(QApplication::activeModalWidget())) {
            opened = dialog->windowTitle();
            dialog->reject();
        }
    });
    action->trigger();
    QCOMPARE(opened, QStringLiteral("Get the base model"));
    QVERIFY(m_window->engine()->isModelLoaded()); // closing it changed nothing
}

void TestMainWindow::closeDuringLargeJobReturnsQuickly()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    QTRY_VERIFY_WITH_TIMEOUT(window->engine()->isModelLoaded(), 120000);
    auto* panel = window->findChild<fr2r::ui::ParameterPanel*>(QStringLiteral("parameterPanel"));
    fr2r::core::RigParams params = panel->params();
    params.workingSize = 1024;
    params.strength = 0.9;
    panel->setParams(params);
    QSignalSpy progress(window->engine(), &EngineController::progressChanged);
    window->addFiles({writeInput(QStringLiteral("large.png"), 5, QSize(1024, 1024))});
    const auto inverting = [](const QList<QVariant>& args) { return args.at(1).toString() == "Inverting"; };
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(), inverting), 120000);
    QElapsedTimer clock;
    clock.start();
    window->close();
    window.reset(); // joins the worker, as the application's exit does
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed()) + " ms"));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
