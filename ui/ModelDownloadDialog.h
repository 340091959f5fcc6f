#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace fr2r::hub {
class ModelDownloader;
}

namespace fr2r::ui {

class AppSettings;

// File > Get the base model: downloads Stable Diffusion 1.5 from the Hugging Face hub into a new folder, with size,
// progress and time left, Cancel (a later download resumes), and at the end offers the folder as the model.
class ModelDownloadDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ModelDownloadDialog(AppSettings& settings, QWidget* parent = nullptr);
    ~ModelDownloadDialog() override;

    void reject() override; // cancels a running download first

private:
    void buildWidgets();
    void chooseFolder();
    void startDownload();
    void showProgress(qint64 done, qint64 total, double etaSeconds);
    void showEnd(const QString& status, const QString& problem);
    void useModel();

    AppSettings& m_settings;
    hub::ModelDownloader* m_downloader;
    QLineEdit* m_folder = nullptr;
    QLineEdit* m_repo = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_download = nullptr;
    QPushButton* m_use = nullptr;
    QPushButton* m_cancel = nullptr;
    QString m_downloaded;
};

} // namespace fr2r::ui
