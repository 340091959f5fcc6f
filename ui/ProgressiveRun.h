#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "ui/PreviewPolicy.h"
#include "ui/RunTimeEstimate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>

namespace fr2r::ui {

class BeforeAfterView;
class EngineController;
class JobStatusBar;

// The window's translation of its current image: one run, or, when PreviewPolicy says so, a run at the preview
// size shown at once in the view (scaled to the full result's width, so the slider and zoom stay where they are)
// and marked as a preview there and in the status bar, then the full size on the same queue. The next start()
// supersedes both. Measures the full runs for the estimate.
class ProgressiveRun : public QObject
{
    Q_OBJECT

public:
    ProgressiveRun(EngineController* engine, BeforeAfterView* view, JobStatusBar* status, QObject* parent = nullptr);

    RunTimeEstimate& estimate() { return m_estimate; }
    PreviewPolicy& policy() { return m_policy; }
    // How long until the first image appears: the preview's run when there is one.
    std::optional<double> firstResultSeconds(int imageWidth, int imageHeight,
                                             const fr2r::core::RigParams& params) const;

    void start(const fr2r::ImageBuffer& input, const fr2r::core::RigParams& params, const QString& inputPath);
    // A new input: the runs for the old one are cancelled and a late result of theirs is never shown.
    void abandon();
    static QString runningMark();

Q_SIGNALS:
    void previewShown(const fr2r::core::RigParams& params); // the full run's params
    void finished(const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                  const fr2r::core::RigMetadata& metadata);
    void failed(const QString& message);
    void cancelled();
    void logMessage(const QString& text);

private:
    void onTranslated(quint64 job, const fr2r::ImageBuffer& result, const fr2r::core::RigParams& params,
                      const fr2r::core::RigMetadata& metadata);
    void showPreview(const fr2r::ImageBuffer& preview);
    void markPreview(const QString& mark);
    void clearPreview();

    EngineController* m_engine;
    BeforeAfterView* m_view;
    JobStatusBar* m_status;
    RunTimeEstimate m_estimate;
    PreviewPolicy m_policy{&m_estimate};
    fr2r::ImageBuffer m_input;
    fr2r::core::RigParams m_params;
    quint64 m_previewJob = 0;
    quint64 m_fullJob = 0;
    QElapsedTimer m_clock; // since the full run could start: the request, or the preview's arrival
    bool m_previewShown = false; // until the full result or a new input
};

} // namespace fr2r::ui
