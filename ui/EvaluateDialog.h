#pragma once

#include "metrics/Evaluation.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace fr2r::ui {

// Tools > Evaluate…: SSIM and LPIPS of generated images against their rendered inputs and KID against real
// photos, the paper's evaluation, run by metrics::Evaluation (the CLI's code path) on a worker thread.
class EvaluateDialog : public QDialog
{
    Q_OBJECT

public:
    // The QSettings keys of the metric weight files, also read by the sweep for LPIPS per cell.
    static const QString kLpipsWeightsKey;
    static const QString kInceptionWeightsKey;
    // The configured LPIPS weights when that file exists, else empty.
    static QString lpipsWeightsPath();

    explicit EvaluateDialog(QWidget* parent = nullptr);
    ~EvaluateDialog() override; // cancels and waits for a running evaluation

    bool isRunning() const;
    // Writes the per-image values (header + one line per pair); returns an error message, empty on success.
    QString exportCsv(const QString& path) const;

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void evaluationFinished(bool success);

protected:
    void reject() override;

private:
    struct Outcome
    {
        std::optional<metrics::EvaluationReport> report;
        QString error; // empty on success and on cancel
        bool cancelled = false;
    };

    QLineEdit* addPathRow(QFormLayout* form, const QString& label, const QString& name, const QString& key,
                          const QString& tip, bool folder);
    metrics::EvaluationOptions options() const;
    QString inDialogTerms(QString message) const;
    void showProblem(const QString& text);
    void saveSettings() const;
    void onFinished();
    void showReport(const metrics::EvaluationReport& report);
    void chooseCsvFile();
    void updateState();

    QLineEdit* m_generated = nullptr;
    QLineEdit* m_rendered = nullptr;
    QLineEdit* m_real = nullptr;
    QLineEdit* m_lpipsWeights = nullptr;
    QLineEdit* m_inceptionWeights = nullptr;
    QComboBox* m_device = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr; // what went wrong, in this dialog's terms
    QTableWidget* m_table = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    std::optional<metrics::EvaluationReport> m_report;
};

} // namespace fr2r::ui
