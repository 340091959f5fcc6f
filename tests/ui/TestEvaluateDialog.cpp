#include "TestConfig.h"
#include "ui/EngineController.h"
#include "ui/EvaluateDialog.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::ui::EngineController;
using fr2r::ui::EvaluateDialog;

class TestEvaluateDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void evaluatesAndExports();
    void translateWaitsForTheEvaluation();
    void remembersTheFields();
    void messagesNameTheDialogFields();

private:
    void writeImage(const QString& relative, int width, int height, int seed);

    void fillFolders(EvaluateDialog& dialog) const;

    QTemporaryDir m_dir;
    EngineController m_engine; // no model: the evaluation needs none
};

void TestEvaluateDialog::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN(); // LPIPS weights unpacked from the reference data; the second case reads the first's
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestEvaluateDialog"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("config")));
    writeImage("out/a/one.png", 64, 64, 1);
    writeImage("out/two.png", 64, 64, 2);
    writeImage("out/three.png", 64, 64, 3);
    writeImage("out/extra.png", 64, 64, 4);
    writeImage("renders/a/one.jpg", 64, 64, 5);
    writeImage("renders/two.jpg", 80, 72, 6);
    writeImage("renders/three.png", 64, 64, 7);
}

void TestEvaluateDialog::writeImage(const QString& relative, int width, int height, int seed)
{
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb((x * 7 + seed * 31) % 256, (y * 5 + seed * 17) % 256, (x * y + seed) % 256));
    }
    const QString path = m_dir.filePath(relative);
    QVERIFY(QDir().mkpath(QFileInfo(path).path()));
    QVERIFY(image.save(path));
}

void TestEvaluateDialog::fillFolders(EvaluateDialog& dialog) const
{
    dialog.findChild<QLineEdit*>("generatedDir")->setText(m_dir.filePath("out"));
    dialog.findChild<QLineEdit*>("renderedDir")->setText(m_dir.filePath("renders"));
    dialog.findChild<QLineEdit*>("realDir")->clear();
    dialog.findChild<QLineEdit*>("lpipsWeights")->setText(FR2R_TEST_BINARY_DIR "/metrics/weights/lpips_alex.safetensors");
}

void TestEvaluateDialog::evaluatesAndExports()
{
    EvaluateDialog dialog(&m_engine);
    dialog.show();
    fillFolders(dialog);
    auto* exportButton = dialog.findChild<QPushButton*>("evaluateExportCsv");
    QVERIFY(!exportButton->isEnabled());

    QSignalSpy finished(&dialog, &EvaluateDialog::evaluationFinished);
    QTest::mouseClick(dialog.findChild<QPushButton*>("evaluateRun"), Qt::LeftButton);
    QVERIFY(dialog.isRunning() || finished.count() == 1); // the work is on a worker: the click returns at once
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);

    auto* table = dialog.findChild<QTableWidget*>("evaluateTable");
    QCOMPARE(table->rowCount(), 3 + 1); // three pairs and the summary row
    QCOMPARE(table->item(0, 0)->text(), QString("a/one.png"));
    QCOMPARE(table->item(0, 1)->text(), QString("a/one.jpg"));
    QVERIFY(!table->item(0, 3)->text().isEmpty()); // LPIPS per pair
    QVERIFY(table->item(3, 2)->text().contains('('));
    QVERIFY(dialog.findChild<QLabel*>("evaluateSummary")->text().contains("SSIM"));
    QVERIFY(dialog.findChild<QPlainTextEdit*>("evaluateNotes")->toPlainText().contains("extra.png"));
    QVERIFY(exportButton->isEnabled());

    const QString csvPath = m_dir.filePath("evaluation.csv");
    QCOMPARE(dialog.exportCsv(csvPath), QString());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts).size(), 3 + 1);
    QCOMPARE(EvaluateDialog::lpipsWeightsPath(),
             QString(FR2R_TEST_BINARY_DIR "/metrics/weights/lpips_alex.safetensors"));
}

// The evaluation is a job of the engine's one worker: a translation asked for meanwhile runs after it (here it fails
// at once for want of a model, but only once its turn has come).
void TestEvaluateDialog::translateWaitsForTheEvaluation()
{
    EvaluateDialog dialog(&m_engine);
    fillFolders(dialog);
    QStringList order;
    connect(&dialog, &EvaluateDialog::evaluationFinished, this, [&order] { order << QStringLiteral("evaluation"); });
    connect(&m_engine, &EngineController::jobFailed, this, [&order] { order << QStringLiteral("translation"); });
    dialog.start();
    QVERIFY(m_engine.isBusy());
    m_engine.translate(fr2r::ImageBuffer(8, 8), {}, QString());
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 120000);
    QCOMPARE(order, (QStringList{QStringLiteral("evaluation"), QStringLiteral("translation")}));
    disconnect(&m_engine, nullptr, this, nullptr);
}

void TestEvaluateDialog::remembersTheFields()
{
    EvaluateDialog dialog(&m_engine); // evaluatesAndExports ran first and stored its folders
    QCOMPARE(dialog.findChild<QLineEdit*>("generatedDir")->text(), m_dir.filePath("out"));
    QCOMPARE(dialog.findChild<QLineEdit*>("renderedDir")->text(), m_dir.filePath("renders"));
    for (auto* widget : dialog.findChildren<QWidget*>()) {
        const bool viewPart = qobject_cast<QAbstractItemView*>(widget->parentWidget()) != nullptr; // corner button
        if (!viewPart && (qobject_cast<QLineEdit*>(widget) || qobject_cast<QAbstractButton*>(widget)))
            QVERIFY2(!widget->objectName().isEmpty() && !widget->toolTip().isEmpty(),
                     qPrintable(widget->metaObject()->className() + QString(" ") + widget->objectName()));
    }
}

// The metrics' own messages point to CLI flags; the dialog names its fields instead, and shows them inline.
void TestEvaluateDialog::messagesNameTheDialogFields()
{
    EvaluateDialog dialog(&m_engine);
    dialog.show();
    auto* message = dialog.findChild<QLabel*>("evaluateMessage");
    dialog.findChild<QLineEdit*>("lpipsWeights")->setText(FR2R_GOLDEN_DIR "/tiny/negative_embedding.safetensors");
    dialog.findChild<QLineEdit*>("realDir")->setText(m_dir.filePath("renders"));
    dialog.findChild<QLineEdit*>("inceptionWeights")->clear();
    for (const char* field : {"Inception weights", "LPIPS weights"}) {
        QSignalSpy finished(&dialog, &EvaluateDialog::evaluationFinished);
        dialog.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const QString text = message->text();
        QVERIFY2(message->isVisible() && text.contains(field), qPrintable(text));
        QVERIFY2(!text.contains("Settings") && !text.contains("--"), qPrintable(text));
        dialog.findChild<QLineEdit*>("realDir")->clear(); // next: the LPIPS file that holds no LPIPS weights
    }

    dialog.findChild<QLineEdit*>("generatedDir")->clear();
    dialog.start();
    QVERIFY2(message->text().contains("Generated images"), qPrintable(message->text()));
}

QTEST_MAIN(TestEvaluateDialog)
#include "TestEvaluateDialog.moc"
