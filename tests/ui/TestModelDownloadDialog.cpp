#include "TestConfig.h"
#include "support/HubTestServer.h"
#include "ui/AppSettings.h"
#include "ui/ModelDownloadDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using fr2r::ui::AppSettings;
using fr2r::ui::ModelDownloadDialog;

namespace {

const QString kRepo = QStringLiteral("tester/tiny-sd");

} // namespace

// File > Get the base model against a hub on 127.0.0.1: progress with size, Cancel, and the downloaded folder taken
// as the model (the rest of a saved profile kept). The profile lives in a temporary folder, never the user's.
class TestModelDownloadDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsProgressAndCancels();
    void downloadedFolderBecomesTheModel();

private:
    void startDownload(ModelDownloadDialog& dialog);
    template <typename T> T* field(const QWidget& dialog, const QString& name);
    QString target() const { return m_dir->filePath(QStringLiteral("sd15")); }

    QTemporaryDir m_config;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fr2r::test::HubTestServer> m_server;
};

void TestModelDownloadDialog::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    QVERIFY(m_config.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FashionR2R-Test"));
    QCoreApplication::setApplicationName(QStringLiteral("TestModelDownloadDialog"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.filePath(QStringLiteral("config")));
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "HF_TOKEN"})
        qunsetenv(name);
}

void TestModelDownloadDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<fr2r::test::HubTestServer>(kRepo);
    m_server->addTinyModel(QStringLiteral(FR2R_GOLDEN_DIR "/tiny/model"));
    QVERIFY(m_server->listen());
    qputenv("HF_ENDPOINT", m_server->endpoint().toUtf8()); // the dialog's downloader takes the hub from there
    QSettings().clear();
}

template <typename T> T* TestModelDownloadDialog::field(const QWidget& dialog, const QString& name)
{
    T* widget = dialog.findChild<T*>(name);
    if (!widget)
        qFatal("no %s in the dialog", qPrintable(name));
    return widget;
}

void TestModelDownloadDialog::startDownload(ModelDownloadDialog& dialog)
{
    dialog.show();
    field<QLineEdit>(dialog, QStringLiteral("modelFolderEdit"))->setText(target());
    field<QLineEdit>(dialog, QStringLiteral("modelRepoEdit"))->setText(kRepo);
    field<QPushButton>(dialog, QStringLiteral("downloadButton"))->click();
}

void TestModelDownloadDialog::showsProgressAndCancels()
{
    m_server->stallAfter(QStringLiteral("unet/diffusion_pytorch_model.fp16.safetensors"), 300000);
    AppSettings settings;
    ModelDownloadDialog dialog(settings);
    startDownload(dialog);
    auto* progress = field<QProgressBar>(dialog, QStringLiteral("downloadProgress"));
    auto* status = field<QLabel>(dialog, QStringLiteral("downloadStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0 && status->text().contains(QStringLiteral(" MiB")), 60000);
    QVERIFY(!field<QPushButton>(dialog, QStringLiteral("downloadButton"))->isEnabled());

    auto* cancel = field<QPushButton>(dialog, QStringLiteral("cancelButton"));
    cancel->click();
    QVERIFY2(status->text().startsWith(QStringLiteral("Cancelled")), qPrintable(status->text()));
    QVERIFY(dialog.isVisible());
    QVERIFY(field<QPushButton>(dialog, QStringLiteral("downloadButton"))->isEnabled());
    QVERIFY(!QFileInfo::exists(target()));
    cancel->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
    QVERIFY(settings.engineSettings().modelPath.empty());
}

void TestModelDownloadDialog::downloadedFolderBecomesTheModel()
{
    AppSettings settings;
    fr2r::core::EngineSettings saved;
    saved.modelPath = "/old/model";
    saved.negativeEmbeddingPath = "/pack/learned_embeds.safetensors";
    settings.setEngineSettings(saved);
    ModelDownloadDialog dialog(settings);
    startDownload(dialog);
    auto* use = field<QPushButton>(dialog, QStringLiteral("useModelButton"));
    QVERIFY(!use->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(use->isEnabled(), 60000);
    QCOMPARE(field<QProgressBar>(dialog, QStringLiteral("downloadProgress"))->value(),
             field<QProgressBar>(dialog, QStringLiteral("downloadProgress"))->maximum());
    use->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(QString::fromStdString(AppSettings().engineSettings().modelPath), target());
    QCOMPARE(AppSettings().engineSettings().negativeEmbeddingPath, saved.negativeEmbeddingPath);
}

QTEST_MAIN(TestModelDownloadDialog)
#include "TestModelDownloadDialog.moc"
