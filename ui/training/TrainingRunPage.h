#pragma once

#include "core/api/TrainingSettings.h"

#include <QElapsedTimer>
#include <QImage>
#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace fr2r {
struct ImageBuffer;
}

namespace fr2r::ui {

class EngineController;
class TrainingLossChart;

// The training wizard's run page: the live loss curve of both stages, steps per second, the time left, the
// preview render before and after (the latest), Pause/Resume, Cancel (the last checkpoint stays) and the job's log.
class TrainingRunPage : public QWizardPage
{
    Q_OBJECT

public:
    TrainingRunPage(EngineController* engine, QWidget* parent = nullptr);

    // The job was submitted: follow it. before: the preview render (may be null).
    void follow(quint64 job, qint64 loraSteps, qint64 embeddingSteps, const QImage& before);
    bool isRunning() const { return m_job != 0; }
    quint64 job() const { return m_job; }
    bool isComplete() const override { return m_done; }
    const TrainingLossChart* chart() const { return m_chart; }
    void appendLog(const QString& line);

Q_SIGNALS:
    // Trained (message: the pack folder), failed or cancelled (message: what to tell the user).
    void ended(bool trained, const QString& message);

private:
    void connectEngine();
    void showProgress(fr2r::core::TrainingStage stage, qint64 step, qint64 total, double loss);
    void showPreview(fr2r::core::TrainingStage stage, qint64 step, const fr2r::ImageBuffer& after);
    void togglePause();
    void end(bool trained, const QString& message);

    EngineController* m_engine;
    TrainingLossChart* m_chart;
    QLabel* m_stepLabel;
    QLabel* m_rateLabel;
    QLabel* m_before;
    QLabel* m_after;
    QLabel* m_afterCaption;
    QPushButton* m_pause;
    QPushButton* m_cancel;
    QPlainTextEdit* m_log;
    quint64 m_job = 0;
    qint64 m_loraSteps = 0;
    qint64 m_totalSteps = 0;
    qint64 m_firstDone = -1; // overall steps done when the first progress of this run arrived
    QElapsedTimer m_clock;   // since then
    bool m_done = false;
};

} // namespace fr2r::ui
