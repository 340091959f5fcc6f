#include "ui/ProgressiveRun.h"

#include "core/api/WorkingSize.h"
#include "ui/EngineController.h"
#include "ui/ImageConversion.h"
#include "ui/JobStatusBar.h"
#include "ui/view/BeforeAfterView.h"

namespace fr2r::ui {

ProgressiveRun::ProgressiveRun(EngineController* engine, BeforeAfterView* view, JobStatusBar* status, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_view(view)
    , m_status(status)
{
    connect(engine, &EngineController::translated, this, &ProgressiveRun::onTranslated);
    connect(engine, &EngineController::jobFailed, this, [this](quint64 job, const QString& message) {
        if (job == 0 || (job != m_previewJob && job != m_fullJob))
            return;
        m_engine->cancelJob(job == m_previewJob ? m_fullJob : m_previewJob); // one message for the pair
        m_previewJob = m_fullJob = 0;
        markPreview(tr("Preview — the full size failed"));
        Q_EMIT failed(message);
    });
    connect(engine, &EngineController::jobCancelled, this, [this](quint64 job) {
        if (job != 0 && job == m_previewJob)
            m_previewJob = 0; // its full run was cancelled with it, and says so
        if (job == 0 || job != m_fullJob)
            return;
        m_fullJob = 0;
        markPreview(tr("Preview — full size cancelled"));
        Q_EMIT cancelled();
    });
}

QString ProgressiveRun::runningMark()
{
    return tr("Preview — full size running…");
}

std::optional<double> ProgressiveRun::firstResultSeconds(int imageWidth, int imageHeight,
                                                         const fr2r::core::RigParams& params) const
{
    const auto plan = m_policy.plan(imageWidth, imageHeight, params);
    return m_estimate.seconds(imageWidth, imageHeight, plan ? plan->preview : params);
}

void ProgressiveRun::start(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& params,
                           const QString& inputPath)
{
    m_input = input;
    m_params = params;
    m_clock.start();
    const auto plan = m_policy.plan(input.width, input.height, params);
    if (!plan) {
        m_previewJob = 0;
        m_fullJob = m_engine->translate(input, params, inputPath); // the job API validates the params
        return;
    }
    Q_EMIT logMessage(plan->reason);
    const quint64 group = m_engine->newGroup();
    m_previewJob = m_engine->translate(input, plan->preview, inputPath, group);
    m_fullJob = m_engine->translate(input, params, inputPath, group);
}

void ProgressiveRun::abandon()
{
    for (const quint64 job : {m_previewJob, m_fullJob})
        if (job != 0)
            m_engine->cancelJob(job);
    m_previewJob = 0;
    m_fullJob = 0;
    clearPreview();
}

void ProgressiveRun::clearPreview()
{
    m_previewShown = false;
    m_status->setNote(QString());
}

void ProgressiveRun::onTranslated(quint64 job, const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                                  const fr2r::core::RigMetadata& metadata)
{
    if (job == 0)
        return;
    if (job == m_previewJob) {
        m_previewJob = 0;
        showPreview(result);
        m_clock.restart(); // the full run starts now: its time alone goes into the estimate
        Q_EMIT previewShown(m_params);
    } else if (job == m_fullJob) {
        m_fullJob = 0;
        m_estimate.record(m_clock.elapsed() / 1000.0, m_input.width, m_input.height, params);
        clearPreview();
        Q_EMIT finished(result, params, metadata);
    }
}

// At the width the full result will have and the preview's own aspect: never stretched, and the view's image
// rectangle (the result's width at the render's aspect) stays the same when the full result replaces it.
void ProgressiveRun::showPreview(const fr2r::ImageBuffer& preview)
{
    using fr2r::core::WorkingSize;
    const int fullWidth = m_params.restoreInputSize
                              ? m_input.width
                              : WorkingSize::forImage(m_input.width, m_input.height, m_params.workingSize).width;
    m_previewShown = true;
    m_view->setPreview(ImageConversion::toQImage(preview).scaledToWidth(fullWidth, Qt::SmoothTransformation),
                       runningMark());
    m_status->setNote(runningMark());
}

void ProgressiveRun::markPreview(const QString& mark)
{
    if (!m_previewShown)
        return;
    m_view->setPreviewMark(mark);
    m_status->setNote(mark);
}

} // namespace fr2r::ui
