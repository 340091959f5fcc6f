#include "ui/PreviewPolicy.h"

#include "core/api/WorkingSize.h"

#include <algorithm>

namespace fr2r::ui {

std::optional<PreviewPolicy::Plan> PreviewPolicy::plan(int imageWidth, int imageHeight,
                                                       const fr2r::core::RigParams& params) const
{
    if (m_thresholdSeconds <= 0.0)
        return std::nullopt;
    const auto seconds = m_estimate->seconds(imageWidth, imageHeight, params);
    if (!seconds || *seconds <= m_thresholdSeconds)
        return std::nullopt;
    const auto full = fr2r::core::WorkingSize::forImage(imageWidth, imageHeight, params.workingSize);
    const auto small = fr2r::core::WorkingSize::forImage(imageWidth, imageHeight, m_previewSide);
    if (std::max(small.width, small.height) >= std::max(full.width, full.height))
        return std::nullopt;
    Plan plan{params, {}};
    plan.preview.workingSize = m_previewSide;
    plan.preview.restoreInputSize = false; // the view scales it; an upscale in the engine would only cost time
    plan.reason = tr("estimated %1 s at %2x%3 > %4 s: preview at %5x%6 first")
                      .arg(QString::number(*seconds, 'g', 3))
                      .arg(full.width)
                      .arg(full.height)
                      .arg(m_thresholdSeconds)
                      .arg(small.width)
                      .arg(small.height);
    return plan;
}

} // namespace fr2r::ui
