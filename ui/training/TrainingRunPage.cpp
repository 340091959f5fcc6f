#include "ui/training/TrainingRunPage.h"

#include "ui/EngineController.h"
#include "ui/ImageConversion.h"
#include "ui/JobStatusBar.h"
#include "ui/training/TrainingLossChart.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fr2r::ui {
namespace {

constexpr int kPreviewSide = 128;

QLabel* previewLabel(const char* name)
{
    auto* label = new QLabel;
    label->setObjectName(QLatin1String(name));
    label->setFixedSize(kPreviewSide, kPreviewSide);
    label->setAlignment(Qt::AlignCenter);
    label->setFrameShape(QFrame::StyledPanel);
    return label;
}

QPixmap fitted(const QImage& image)
{
    return QPixmap::fromImage(image.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

} // namespace

TrainingRunPage::TrainingRunPage(EngineController* engine, QWidget* parent)
    : QWizardPage(parent)
    , m_engine(engine)
    , m_chart(new TrainingLossChart)
    , m_stepLabel(new QLabel(tr("Reading the images…")))
    , m_rateLabel(new QLabel)
    , m_before(previewLabel("previewBefore"))
    , m_after(previewLabel("previewAfter"))
    , m_afterCaption(new QLabel(tr("After")))
    , m_pause(new QPushButton(tr("Pause")))
    , m_cancel(new QPushButton(tr("Cancel training")))
    , m_log(new QPlainTextEdit)
{
    setTitle(tr("Training"));
    setSubTitle(tr("Translations asked for meanwhile wait until training ends."));
    m_stepLabel->setObjectName(QStringLiteral("trainingStepLabel"));
    m_rateLabel->setObjectName(QStringLiteral("trainingRateLabel"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_cancel->setObjectName(QStringLiteral("cancelTrainingButton"));
    m_log->setObjectName(QStringLiteral("trainingLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    auto* previews = new QGridLayout;
    previews->addWidget(new QLabel(tr("Before")), 0, 0);
    previews->addWidget(m_afterCaption, 0, 1);
    previews->addWidget(m_before, 1, 0);
    previews->addWidget(m_after, 1, 1);
    previews->setRowStretch(2, 1);
    auto* top = new QHBoxLayout;
    top->addWidget(m_chart, 1);
    top->addLayout(previews);
    auto* labels = new QVBoxLayout;
    labels->addWidget(m_stepLabel);
    labels->addWidget(m_rateLabel);
    auto* status = new QHBoxLayout;
    status->addLayout(labels, 1);
    status->addWidget(m_pause);
    status->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 3);
    layout->addLayout(status);
    layout->addWidget(m_log, 1);
    connect(m_pause, &QPushButton::clicked, this, &TrainingRunPage::togglePause);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_stepLabel->setText(tr("Cancelling… (the last checkpoint is kept)"));
        m_engine->cancelJob(m_job);
    });
    connectEngine();
}

void TrainingRunPage::follow(quint64 job, qint64 loraSteps, qint64 embeddingSteps, const QImage& before)
{
    m_job = job;
    m_loraSteps = loraSteps;
    m_totalSteps = loraSteps + embeddingSteps;
    m_chart->setLoraSteps(loraSteps);
    if (before.isNull())
        m_before->setText(tr("no preview"));
    else
        m_before->setPixmap(fitted(before));
    m_stepLabel->setText(tr("Loading the model…"));
    m_pause->setEnabled(true);
    m_cancel->setEnabled(true);
}

void TrainingRunPage::appendLog(const QString& line)
{
    m_log->appendPlainText(line);
}

void TrainingRunPage::connectEngine()
{
    connect(m_engine, &EngineController::trainingProgress, this,
            [this](quint64 job, fr2r::core::TrainingStage stage, qint64 step, qint64 total, double loss) {
                if (job == m_job)
                    showProgress(stage, step, total, loss);
            });
    connect(m_engine, &EngineController::trainingPreview, this,
            [this](quint64 job, fr2r::core::TrainingStage stage, qint64 step, const fr2r::ImageBuffer& after) {
                if (job == m_job)
                    showPreview(stage, step, after);
            });
    connect(m_engine, &EngineController::logMessage, this, [this](fr2r::core::LogLevel, const QString& message) {
        if (m_job != 0)
            appendLog(message);
    });
    connect(m_engine, &EngineController::trained, this, [this](quint64 job, const QString& folder) {
        if (job == m_job)
            end(true, folder);
    });
    connect(m_engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& message) {
        if (job == m_job)
            end(false, message);
    });
    connect(m_engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (job == m_job)
            end(false, tr("Training was cancelled. The last checkpoint is kept: open the wizard again with the same "
                          "pack folder to resume it."));
    });
}

void TrainingRunPage::showProgress(fr2r::core::TrainingStage stage, qint64 step, qint64 total, double loss)
{
    const bool lora = stage == fr2r::core::TrainingStage::Lora;
    m_chart->addLoss(stage, step, loss);
    const qint64 done = lora ? step : m_loraSteps + step;
    if (m_firstDone < 0) {
        m_firstDone = done;
        m_clock.start();
    }
    if (m_cancel->isEnabled())
        m_stepLabel->setText((lora ? tr("LoRA step %1 of %2, loss %3") : tr("Embedding step %1 of %2, loss %3"))
                                 .arg(step)
                                 .arg(total)
                                 .arg(loss, 0, 'g', 4));
    const double seconds = m_clock.elapsed() / 1000.0;
    if (done > m_firstDone && seconds > 0.0) {
        const double rate = static_cast<double>(done - m_firstDone) / seconds;
        m_rateLabel->setText(tr("%1 steps/s · %2").arg(rate, 0, 'g', 3).arg(JobStatusBar::formatEta((m_totalSteps - done) / rate)));
    }
}

void TrainingRunPage::showPreview(fr2r::core::TrainingStage stage, qint64 step, const fr2r::ImageBuffer& after)
{
    m_after->setPixmap(fitted(ImageConversion::toQImage(after)));
    m_afterCaption->setText(stage == fr2r::core::TrainingStage::Lora ? tr("After (LoRA step %1)").arg(step)
                                                                     : tr("After (embedding step %1)").arg(step));
}

void TrainingRunPage::togglePause()
{
    const bool pause = !m_engine->isTrainingPaused();
    m_engine->setTrainingPaused(pause);
    m_pause->setText(pause ? tr("Resume") : tr("Pause"));
    if (pause)
        m_rateLabel->setText(tr("Paused after the current step"));
}

void TrainingRunPage::end(bool trained, const QString& message)
{
    m_job = 0;
    m_done = true;
    m_engine->setTrainingPaused(false);
    m_pause->setEnabled(false);
    m_cancel->setEnabled(false);
    Q_EMIT completeChanged();
    Q_EMIT ended(trained, message);
}

} // namespace fr2r::ui
