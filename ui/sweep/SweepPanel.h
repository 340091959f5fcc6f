#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigParams.h"
#include "ui/sweep/SweepExport.h"

#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace fr2r::metrics {
class LpipsScorer;
}

namespace fr2r::ui {

class EngineController;
class SweepGridModel;
class SweepGridWidget;
class TradeoffChart;

// The sweep tab: strength and gamma lists, Run / Cancel, the grid filling in cell by cell, the
// trade-off chart beside it, SSIM per cell on workers, and the export of the whole sweep.
class SweepPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SweepPanel(EngineController* engine, QWidget* parent = nullptr);
    ~SweepPanel() override;

    void setInput(const fr2r::ImageBuffer& image, const QString& name);
    void setBaseParams(const fr2r::core::RigParams& params);
    void setExportOptions(const SweepExport::Options& options);
    SweepExport::Options exportOptions() const;

    const SweepGridModel& model() const { return *m_model; }
    bool isRunning() const { return m_job != 0; }
    int pendingMetrics() const { return m_pendingMetrics; }

public Q_SLOTS:
    void run();
    void cancel();
    void exportTo(const QString& pngPath); // no dialog; answers with exportFinished() or errorOccurred()

Q_SIGNALS:
    void cellActivated(const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params);
    void exportFinished(const QStringList& files);
    void errorOccurred(const QString& message);

private:
    QWidget* createControls();
    QToolButton* createExportButton();
    void connectEngine();
    std::optional<QVector<double>> validatedList(QLineEdit* edit, bool strengths, QString* error) const;
    void validateLists();
    void updateState();
    void showMessage(const QString& text, bool error);
    void finishJob();
    void onCellReady(quint64 job, double strength, double gamma, const fr2r::ImageBuffer& image);
    void showNextGrid();
    void onProgress(quint64 job, const QString& phase, int step, int total, double etaSeconds);
    void computeMetrics(int row, int column, const fr2r::ImageBuffer& image);
    void loadLpipsScorer();
    void activateCell(int row, int column);
    void chooseExportPath();
    void chooseChartPath();

    EngineController* m_engine;
    SweepGridModel* m_model;
    SweepGridWidget* m_grid;
    TradeoffChart* m_chart;
    SweepExport* m_export;
    QLineEdit* m_strengths = nullptr;
    QLineEdit* m_gammas = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QToolButton* m_exportButton = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_progress = nullptr;
    QAction* m_includeInput = nullptr;
    QAction* m_captions = nullptr;
    QAction* m_cellFiles = nullptr;
    QAction* m_csv = nullptr;

    // What a sweep ran on: the grid on screen's, or the running sweep's until its first cell arrives.
    struct Setup
    {
        fr2r::ImageBuffer input;
        QString inputName;
        fr2r::core::RigParams base;
        QVector<double> strengths;
        QVector<double> gammas;
    };

    fr2r::ImageBuffer m_input;
    QString m_inputName;
    fr2r::core::RigParams m_base;
    Setup m_shown;                  // the grid on screen
    Setup m_next;                   // the running sweep's, shown once its first cell arrives
    bool m_showsJob = false;        // the grid on screen is the running sweep's
    quint64 m_job = 0;              // the running sweep, 0 when none
    quint64 m_generation = 0;       // bumps on every run so late SSIM results of an older grid are dropped
    int m_pendingMetrics = 0;
    std::shared_ptr<const fr2r::metrics::LpipsScorer> m_lpips; // when LPIPS weights are configured
};

} // namespace fr2r::ui
