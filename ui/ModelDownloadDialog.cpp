#include "ui/ModelDownloadDialog.h"

#include "hub/ModelDownloader.h"
#include "ui/AppSettings.h"
#include "ui/JobStatusBar.h"
#include "ui/SettingsDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace fr2r::ui {
namespace {

constexpr int kProgressSteps = 1000;

QString mebibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1);
}

} // namespace

ModelDownloadDialog::ModelDownloadDialog(AppSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_downloader(new hub::ModelDownloader(this))
{
    setWindowTitle(tr("Get the base model"));
    buildWidgets();
    connect(m_downloader, &hub::ModelDownloader::progressChanged, this, &ModelDownloadDialog::showProgress);
    connect(m_downloader, &hub::ModelDownloader::succeeded, this, [this](const QString& folder) {
        m_downloaded = folder;
        m_progress->setValue(kProgressSteps);
        showEnd(tr("Downloaded to %1.").arg(QDir::toNativeSeparators(folder)), {});
        m_use->setEnabled(true);
        m_use->setDefault(true);
    });
    connect(m_downloader, &hub::ModelDownloader::failed, this, [this](const QString& message) { showEnd({}, message); });
    connect(m_downloader, &hub::ModelDownloader::cancelled, this, [this] {
        showEnd(tr("Cancelled. Download again into the same folder to resume."), {});
    });
}

ModelDownloadDialog::~ModelDownloadDialog() = default;

void ModelDownloadDialog::buildWidgets()
{
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Downloads Stable Diffusion 1.5 (about 2 GB, half-precision safetensors) from the "
                                    "Hugging Face hub into a new folder."), this));
    auto* form = new QFormLayout;
    m_folder = new QLineEdit(QDir::toNativeSeparators(QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                                                          .filePath(QStringLiteral("stable-diffusion-v1-5"))), this);
    m_folder->setObjectName(QStringLiteral("modelFolderEdit"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    connect(browse, &QPushButton::clicked, this, &ModelDownloadDialog::chooseFolder);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder);
    folderRow->addWidget(browse);
    form->addRow(tr("New folder:"), folderRow);
    m_repo = new QLineEdit(hub::ModelDownloader::defaultRepo(), this);
    m_repo->setObjectName(QStringLiteral("modelRepoEdit"));
    form->addRow(tr("Repository:"), m_repo);
    layout->addLayout(form);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("downloadProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("downloadStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_problem = SettingsDialog::statusLabel(QStringLiteral("downloadProblem"));
    layout->addWidget(m_problem);

    auto* buttons = new QDialogButtonBox(this);
    m_download = buttons->addButton(tr("&Download"), QDialogButtonBox::ActionRole);
    m_download->setObjectName(QStringLiteral("downloadButton"));
    m_use = buttons->addButton(tr("&Use as the base model"), QDialogButtonBox::AcceptRole);
    m_use->setObjectName(QStringLiteral("useModelButton"));
    m_use->setEnabled(false); // until a download has finished
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_download, &QPushButton::clicked, this, &ModelDownloadDialog::startDownload);
    connect(m_use, &QPushButton::clicked, this, &ModelDownloadDialog::useModel);
    connect(m_cancel, &QPushButton::clicked, this, &ModelDownloadDialog::reject);
    layout->addWidget(buttons);
}

void ModelDownloadDialog::chooseFolder()
{
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Where to put the model folder"),
                                                             QFileInfo(m_folder->text()).absolutePath());
    if (!parent.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(QDir(parent).filePath(QFileInfo(m_folder->text()).fileName())));
}

void ModelDownloadDialog::startDownload()
{
    m_downloader->setRepo(m_repo->text().trimmed());
    try {
        m_downloader->start(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    } catch (const std::exception& error) {
        return showEnd({}, QString::fromStdString(error.what()));
    }
    SettingsDialog::showStatus(m_problem, {});
    m_status->setText(tr("Asking the hub for the file list…"));
    m_download->setEnabled(false);
    m_folder->setEnabled(false);
    m_repo->setEnabled(false);
}

void ModelDownloadDialog::showProgress(qint64 done, qint64 total, double etaSeconds)
{
    m_progress->setValue(total > 0 ? int(double(done) / double(total) * kProgressSteps) : 0);
    QString text = tr("%1 of %2 MiB").arg(mebibytes(done), mebibytes(total));
    const QString eta = JobStatusBar::formatEta(etaSeconds);
    if (!eta.isEmpty())
        text += QStringLiteral(" · ") + eta;
    m_status->setText(text);
}

void ModelDownloadDialog::showEnd(const QString& status, const QString& problem)
{
    m_status->setText(status);
    SettingsDialog::showStatus(m_problem, problem);
    const bool again = m_downloaded.isEmpty();
    m_download->setEnabled(again);
    m_folder->setEnabled(again);
    m_repo->setEnabled(again);
    m_cancel->setText(again ? tr("Cancel") : tr("Close"));
}

void ModelDownloadDialog::useModel()
{
    fr2r::core::EngineSettings engine = m_settings.engineSettings();
    engine.modelPath = m_downloaded.toStdString();
    m_settings.setEngineSettings(engine);
    accept();
}

void ModelDownloadDialog::reject()
{
    if (m_downloader->isRunning())
        return m_downloader->cancel(); // stays open to say so; the next Cancel closes
    QDialog::reject();
}

} // namespace fr2r::ui
