#pragma once

#include "core/api/RigParams.h"
#include "ui/RunTimeEstimate.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace fr2r::ui {

// When a run shows a preview first: the estimate says the run at its working size (clamped to the render) takes
// longer than the threshold and the preview's long side is smaller. The preview is the same parameters at the
// preview side: the same pipeline, exact at its size.
class PreviewPolicy
{
    Q_DECLARE_TR_FUNCTIONS(fr2r::ui::PreviewPolicy)

public:
    struct Plan
    {
        fr2r::core::RigParams preview;
        QString reason; // for the log: "estimated 83 s at 768x1024 > 10 s: preview at 288x384 first"
    };

    explicit PreviewPolicy(const RunTimeEstimate* estimate)
        : m_estimate(estimate)
    {
    }

    void setThreshold(double seconds) { m_thresholdSeconds = seconds; } // 0: never
    void setPreviewSide(int longSide) { m_previewSide = longSide; }

    // Empty when the run goes straight to its size (also before any run was measured).
    std::optional<Plan> plan(int imageWidth, int imageHeight, const fr2r::core::RigParams& params) const;

private:
    const RunTimeEstimate* m_estimate;
    double m_thresholdSeconds = 0.0;
    int m_previewSide = 0;
};

} // namespace fr2r::ui
