#pragma once

#include "metrics/Evaluation.h"

#include <QDialog>
#include <QString>

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

class EngineController;

// Tools > Evaluate…: SSIM and LPIPS of generated images against their rendered inputs and KID against real
// photos, the paper's evaluation, run by metrics::Evaluation (the CLI's code path) as a job of the engine's worker,
// so it never competes with a translation; one asked for meanwhile waits its turn.
class EvaluateDialog : public QDialog
{
    Q_OBJECT

public:
    // The QSettings keys of the metric weight files, also read by the sweep for LPIPS per cell.
    static const QString kLpipsWeightsKey;
    static const QString kInceptionWeightsKey;
    // The configured LPIPS weights when that file exists, else empty.
    static QString lpipsWeightsPath();

    explicit EvaluateDialog(EngineController* engine, QWidget* parent = nullptr);
    ~EvaluateDialog() override; // cancels a running evaluation

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
    QLineEdit* addPathRow(QFormLayout* form, const QString& label, const QString& name, const QString& key,
                          const QString& tip, bool folder);
    metrics::EvaluationOptions options() const;
    QString inDialogTerms(QString message) const;
    void showProblem(const QString& text);
    void saveSettings() const;
    void connectEngine();
    void finish(bool success, const QString& state, const QString& error = {});
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
    EngineController* m_engine;
    quint64 m_job = 0; // the running evaluation, 0 when none
    std::optional<metrics::EvaluationReport> m_report;
};

} // namespace fr2r::ui
