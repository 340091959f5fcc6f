// Tools > Train domain pack on the real window and the tiny golden model: pages, validation, a short training with
// its loss curve and preview, the pack selected in the main window; closing mid-run keeps a checkpoint and reopening
// resumes it.
#include "TestConfig.h"
#include "support/PatternImages.h"
#include "support/TinyModelProfile.h"
#include "ui/AppSettings.h"
#include "ui/EngineController.h"
#include "ui/MainWindow.h"
#include "ui/training/TrainDomainPackWizard.h"
#include "ui/training/TrainingLossChart.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::ui::TrainDomainPackWizard;

class TestTrainDomainPackWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainsThePackAndSelectsIt();
    void closingMidRunKeepsACheckpointThatResumes();
    void cleanupTestCase() { m_window.reset(); }

private:
    TrainDomainPackWizard* openWizard() const;
    static void setText(QWidget* parent, const char* name, const QString& text);
    static void setSpin(QWidget* parent, const char* name, int value);
    static void tinySettings(TrainDomainPackWizard* wizard, int loraSteps);
    static bool nextEnabled(TrainDomainPackWizard* wizard);

    QTemporaryDir m_dir;
    std::unique_ptr<fr2r::ui::MainWindow> m_window;
};

void TestTrainDomainPackWizard::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    QVERIFY(m_dir.isValid());
    fr2r::core::RigParams params;
    params.steps = 4;
    params.strength = 0.5;
    params.workingSize = 64;
    fr2r::test::useTinyModelProfile(QStringLiteral("TestTrainDomainPackWizard"), m_dir.filePath(QStringLiteral("config")),
                                    fr2r::test::tinyModelSettings(false), params);
    fr2r::test::writePatternImages(m_dir.filePath(QStringLiteral("real")), 3, 0);
    fr2r::test::writePatternImages(m_dir.filePath(QStringLiteral("rendered")), 3, 100);
    QDir().mkpath(m_dir.filePath(QStringLiteral("empty")));

    m_window = std::make_unique<fr2r::ui::MainWindow>();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engine()->isModelLoaded(), 120000);
}

TrainDomainPackWizard* TestTrainDomainPackWizard::openWizard() const
{
    m_window->findChild<QAction*>(QStringLiteral("trainPackAction"))->trigger();
    auto* wizard = m_window->findChild<TrainDomainPackWizard*>();
    if (wizard && !QTest::qWaitForWindowExposed(wizard))
        return nullptr;
    return wizard;
}

void TestTrainDomainPackWizard::setText(QWidget* parent, const char* name, const QString& text)
{
    parent->findChild<QLineEdit*>(QLatin1String(name))->setText(text);
}

void TestTrainDomainPackWizard::setSpin(QWidget* parent, const char* name, int value)
{
    parent->findChild<QSpinBox*>(QLatin1String(name))->setValue(value);
}

// Settings that train in seconds on the tiny model (as TestTrainCli's).
void TestTrainDomainPackWizard::tinySettings(TrainDomainPackWizard* wizard, int loraSteps)
{
    setSpin(wizard, "loraStepsSpin", loraSteps);
    setSpin(wizard, "embeddingStepsSpin", 3);
    setSpin(wizard, "resolutionSpin", 64);
    setSpin(wizard, "checkpointEverySpin", 2);
    setSpin(wizard, "previewEverySpin", 2);
    wizard->findChild<QDoubleSpinBox*>(QStringLiteral("loraRateSpin"))->setValue(1e-2);
}

bool TestTrainDomainPackWizard::nextEnabled(TrainDomainPackWizard* wizard)
{
    return wizard->button(QWizard::NextButton)->isEnabled();
}

void TestTrainDomainPackWizard::trainsThePackAndSelectsIt()
{
    QPointer<TrainDomainPackWizard> wizard = openWizard();
    QVERIFY(wizard);
    QCOMPARE(wizard->currentId(), int(TrainDomainPackWizard::ModelPageId));
    QVERIFY(wizard->findChild<QAbstractButton*>(QStringLiteral("loadedModelRadio"))->isChecked());
    QTRY_VERIFY(nextEnabled(wizard));
    wizard->next();

    QCOMPARE(wizard->currentId(), int(TrainDomainPackWizard::DataPageId));
    const QString pack = m_dir.filePath(QStringLiteral("pack"));
    setText(wizard, "realFolderEdit", m_dir.filePath(QStringLiteral("empty")));
    setText(wizard, "renderedFolderEdit", m_dir.filePath(QStringLiteral("rendered")));
    setText(wizard, "packFolderEdit", pack);
    auto* realMessage = wizard->findChild<QLabel*>(QStringLiteral("realMessageLabel"));
    QTRY_VERIFY2(realMessage->text().contains(QStringLiteral("empty")), qPrintable(realMessage->text()));
    QVERIFY(!nextEnabled(wizard)); // the empty folder blocks Next
    setText(wizard, "realFolderEdit", m_dir.filePath(QStringLiteral("real")));
    QTRY_VERIFY(nextEnabled(wizard));
    QCOMPARE(wizard->findChild<QLabel*>(QStringLiteral("realCountLabel"))->text(), QStringLiteral("3 images"));
    QVERIFY(!wizard->findChild<QLabel*>(QStringLiteral("realThumbnail2"))->pixmap().isNull());
    QVERIFY(wizard->findChild<QLabel*>(QStringLiteral("realThumbnail3"))->pixmap().isNull());
    wizard->next();

    QCOMPARE(wizard->currentId(), int(TrainDomainPackWizard::SettingsPageId));
    tinySettings(wizard, 4);
    QVERIFY(wizard->findChild<QCheckBox*>(QStringLiteral("cacheLatentsCheck"))->isChecked()); // the default
    wizard->findChild<QCheckBox*>(QStringLiteral("gradientCheckpointingCheck"))->setChecked(true);
    setText(wizard, "previewRenderEdit", m_dir.filePath(QStringLiteral("rendered/0.png")));
    wizard->findChild<QPushButton*>(QStringLiteral("estimateButton"))->click();
    auto* estimate = wizard->findChild<QLabel*>(QStringLiteral("estimateLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(estimate->text().contains(QStringLiteral("s per step")), 120000);
    QVERIFY2(estimate->text().contains(QStringLiteral("MiB (RAM)")), qPrintable(estimate->text()));
    QVERIFY(!QDir(pack).exists()); // the probe writes nothing
    wizard->next();

    QCOMPARE(wizard->currentId(), int(TrainDomainPackWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(TrainDomainPackWizard::ResultPageId), 300000);
    QVERIFY2(wizard->findChild<QLabel*>(QStringLiteral("resultLabel"))->text().contains(QStringLiteral("is saved in")),
             qPrintable(wizard->findChild<QLabel*>(QStringLiteral("resultLabel"))->text()));
    const auto* chart = wizard->findChild<fr2r::ui::TrainingLossChart*>();
    QCOMPARE(chart->pointCount(fr2r::core::TrainingStage::Lora), 4);
    QCOMPARE(chart->pointCount(fr2r::core::TrainingStage::Embedding), 3);
    QVERIFY(!wizard->findChild<QLabel*>(QStringLiteral("previewAfter"))->pixmap().isNull());
    QFile info(pack + QStringLiteral("/pack.json"));
    QVERIFY(info.open(QIODevice::ReadOnly));
    const QByteArray recorded = info.readAll();
    QVERIFY2(recorded.contains("\"gradient_checkpointing\": true"), recorded.constData()); // the page's choices
    QCOMPARE(QString::fromStdString(fr2r::ui::AppSettings().engineSettings().packPath), pack);
    auto* modelLabel = m_window->findChild<QLabel*>(QStringLiteral("modelLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(modelLabel->text().contains(QStringLiteral("pack pack")), 120000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engine()->isModelLoaded() && !m_window->engine()->isBusy(), 120000);
    wizard->accept();
    QTRY_VERIFY(!wizard);
}

void TestTrainDomainPackWizard::closingMidRunKeepsACheckpointThatResumes()
{
    QPointer<TrainDomainPackWizard> wizard = openWizard();
    QVERIFY(wizard);
    wizard->next();
    const QString pack = m_dir.filePath(QStringLiteral("pack2"));
    auto* packStatus = wizard->findChild<QLabel*>(QStringLiteral("packStatusLabel"));
    QVERIFY2(packStatus->text().contains(QStringLiteral("finished domain pack")), qPrintable(packStatus->text()));
    setText(wizard, "packFolderEdit", pack);
    QTRY_VERIFY(nextEnabled(wizard));
    wizard->next();
    tinySettings(wizard, 1000);
    wizard->next();

    auto* engine = m_window->engine();
    QSignalSpy progress(engine, &fr2r::ui::EngineController::trainingProgress);
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 120000); // a checkpoint every 2 steps
    wizard->findChild<QPushButton*>(QStringLiteral("pauseButton"))->click();
    QVERIFY(engine->isTrainingPaused());
    wizard->reject();
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = wizard->findChild<QMessageBox*>(QStringLiteral("stopTrainingQuestion"))));
    QVERIFY(question->text().contains(QStringLiteral("last checkpoint is kept")));
    question->button(QMessageBox::Yes)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!wizard, 60000); // the cancel woke the paused run, then the wizard closed
    QVERIFY(QDir(pack + QStringLiteral("/checkpoints/lora")).exists());
    QVERIFY(!QFile::exists(pack + QStringLiteral("/pack.json")));

    wizard = openWizard();
    QVERIFY(wizard);
    wizard->next();
    QCOMPARE(wizard->findChild<QLineEdit*>(QStringLiteral("packFolderEdit"))->text(), QDir::toNativeSeparators(pack));
    auto* resume = wizard->findChild<QCheckBox*>(QStringLiteral("resumeCheck"));
    QTRY_VERIFY(resume->isVisibleTo(wizard) && resume->isChecked());
    QTRY_VERIFY(nextEnabled(wizard));
    wizard->next();
    QCOMPARE(wizard->findChild<QSpinBox*>(QStringLiteral("loraStepsSpin"))->value(), 1000); // the run's settings
    setSpin(wizard, "loraStepsSpin", 6); // a resumed run may end sooner
    wizard->next();
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(TrainDomainPackWizard::ResultPageId), 300000);
    QVERIFY2(wizard->findChild<QLabel*>(QStringLiteral("resultLabel"))->text().contains(QStringLiteral("is saved in")),
             qPrintable(wizard->findChild<QLabel*>(QStringLiteral("resultLabel"))->text()));
    QVERIFY(QFile::exists(pack + QStringLiteral("/pack.json")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->engine()->isModelLoaded() && !m_window->engine()->isBusy(), 120000);
    wizard->accept();
}

QTEST_MAIN(TestTrainDomainPackWizard)
#include "TestTrainDomainPackWizard.moc"
