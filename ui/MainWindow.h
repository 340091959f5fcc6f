#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "ui/AppSettings.h"

#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;

namespace fr2r::ui {

class BatchRunner;
class BeforeAfterView;
class EngineController;
class ImageStrip;
class JobStatusBar;
class LogDock;
class MainActions;
class MessageBar;
class ParameterPanel;
class ProgressiveRun;
class SweepPanel;

// The application window: image strip, comparison view and parameter panel around one
// EngineController; every slow step runs on a worker and reports back through signals.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    EngineController* engine() const { return m_engine; }
    ProgressiveRun* progressiveRun() const { return m_run; }
    fr2r::ImageBuffer input() const { return m_input; }
    fr2r::ImageBuffer result() const { return m_result; }

public Q_SLOTS:
    void addFiles(const QStringList& paths);
    void openFiles();
    void saveResult();
    void saveResultTo(const QString& path); // no dialog
    void openResult();
    void openResultFrom(const QString& path);
    void copyResult();
    void translateCurrent();
    void translateAll();
    void translateAllTo(const QString& outputFolder);
    void cancelCurrent();
    void cancelAll();
    void showSettings();
    void getBaseModel(); // downloads one, and loads it when the user takes it
    void showSweep(bool runAfterResult); // the sweep dock; optionally starts a sweep once a result is shown

Q_SIGNALS:
    void resultShown(); // a new "after" image is on screen

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void connectEngine();
    void connectRun();
    void applyPreviewSettings();
    void loadModel();
    void reloadModel(); // after the settings changed: now, or after the running batch
    void setModelLabel(const QString& text);
    void loadInput(const QString& path);
    void onParamsChanged(const fr2r::core::RigParams& params);
    void chooseAutoUpdate();
    void showEvaluate();
    void showTrainDomainPack(); // one wizard at a time
    void showAbout();
    void showError(const QString& text, const QString& details = QString());
    void showInfo(const QString& text, const QString& details = QString());
    void showReadError(const QString& path, const QString& text, const QString& details); // merges with others
    void showModelProblem(const QString& label, const QString& reason); // corner label and the empty view
    void updateActions();

    AppSettings m_settings;
    EngineController* m_engine = nullptr;
    ProgressiveRun* m_run = nullptr; // the current image's translation, with its preview
    BatchRunner* m_batch = nullptr;
    BeforeAfterView* m_view = nullptr;
    ImageStrip* m_strip = nullptr;
    ParameterPanel* m_params = nullptr;
    MessageBar* m_messages = nullptr;
    LogDock* m_log = nullptr;
    JobStatusBar* m_status = nullptr;
    SweepPanel* m_sweep = nullptr;
    QDockWidget* m_stripDock = nullptr;
    QDockWidget* m_paramsDock = nullptr;
    QDockWidget* m_sweepDock = nullptr;
    QLabel* m_modelLabel = nullptr;
    std::unique_ptr<MainActions> m_actions;

    QString m_inputPath;
    quint64 m_inputRequest = 0; // drops image reads that a newer selection overtook
    fr2r::ImageBuffer m_input;
    fr2r::ImageBuffer m_result;
    fr2r::core::RigParams m_resultParams;
    fr2r::core::RigMetadata m_resultMetadata; // the engine's, for the input the result was made from
    quint64 m_loadJob = 0;
    bool m_modelChangePending = false; // settings changed during a batch: load after it
    fr2r::core::EngineSettings m_loadSettings; // of m_loadJob, whose failure names one of its files
};

} // namespace fr2r::ui
