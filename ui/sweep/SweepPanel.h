#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "ui/PreviewPolicy.h"
#include "ui/sweep/SweepExport.h"

#include <QHash>
#include <QPoint>
#include <QString>
#include <QVector>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace fr2r::ui {

class EngineController;
class SweepGridModel;
class SweepGridWidget;
class TradeoffChart;

// The sweep tab: strength and gamma lists, Run / Cancel, the grid filling in cell by cell, the
// trade-off chart beside it, SSIM per cell off the GUI thread and LPIPS on the engine's worker, and the export of
// the whole sweep. A slow sweep (PreviewPolicy) runs every cell at the preview size first, then each at full size;
// preview cells are tagged, carry no metrics, cannot be shown as a result and are left out of the export.
class SweepPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SweepPanel(EngineController* engine, QWidget* parent = nullptr);
    ~SweepPanel() override;

    void setInput(const fr2r::ImageBuffer& image, const QString& path); // path: where image was read from
    void setBaseParams(const fr2r::core::RigParams& params);
    void setPreviewPolicy(const PreviewPolicy* policy) { m_previewPolicy = policy; } // null: never a preview
    SweepExport::Options exportOptions() const;

    const SweepGridModel& model() const { return *m_model; }
    bool isRunning() const { return m_job != 0; }
    int pendingMetrics() const { return m_pendingMetrics; }

public Q_SLOTS:
    void run();
    void cancel();
    void exportTo(const QString& pngPath); // no dialog; answers with exportFinished() or errorOccurred()

Q_SIGNALS:
    void cellActivated(const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                       const fr2r::core::RigMetadata& metadata);
    void exportFinished(const QStringList& files);
    void errorOccurred(const QString& message);

private:
    QWidget* createControls();
    QToolButton* createExportButton();
    void connectEngine();
    std::optional<QVector<double>> validatedList(QLineEdit* edit, bool strengths, QString* error) const;
    void validateLists();
    std::optional<PreviewPolicy::Plan> previewPlan(const QVector<double>& strengths) const;
    void updateState();
    void showMessage(const QString& text, bool error);
    void finishJob();
    void onCellReady(quint64 job, double strength, double gamma, const fr2r::ImageBuffer& image,
                     const fr2r::core::RigMetadata& metadata);
    void showNextGrid();
    void onProgress(quint64 job, const QString& phase, int step, int total, double etaSeconds);
    void computeMetrics(int row, int column, const fr2r::ImageBuffer& image);
    std::optional<QPoint> finishLpipsJob(quint64 job);
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
        QString inputPath;
        QString inputName;
        fr2r::core::RigParams base;
        fr2r::core::RigMetadata metadata; // the engine's, with the model's and the input's hashes
        QVector<double> strengths;
        QVector<double> gammas;
    };

    fr2r::ImageBuffer m_input;
    QString m_inputPath;
    QString m_inputName;
    fr2r::core::RigParams m_base;
    Setup m_shown;                  // the grid on screen
    Setup m_next;                   // the running sweep's, shown once its first cell arrives
    bool m_showsJob = false;        // the grid on screen is the running sweep's
    quint64 m_job = 0;              // the running sweep, 0 when none
    quint64 m_previewJob = 0;       // its preview sweep, queued before it; 0 when none or done
    const PreviewPolicy* m_previewPolicy = nullptr;
    int m_previewsLeftOut = 0;      // preview cells the running export leaves out
    quint64 m_generation = 0;       // bumps on every run so late SSIM results of an older grid are dropped
    int m_pendingMetrics = 0;
    QString m_lpipsWeights;          // the running sweep's, empty when LPIPS is not configured
    QHash<quint64, QPoint> m_lpipsJobs; // the engine's LPIPS jobs for the grid on screen: (column, row)
};

} // namespace fr2r::ui
