#include "ui/RunTimeEstimate.h"

#include "core/api/WorkingSize.h"

#include <algorithm>

namespace fr2r::ui {

double RunTimeEstimate::work(int imageWidth, int imageHeight, const fr2r::core::RigParams& params)
{
    const auto size = fr2r::core::WorkingSize::forImage(imageWidth, imageHeight, params.workingSize);
    // A strength of 0 still encodes and decodes: count it as one step's worth.
    return static_cast<double>(size.width) * size.height * std::max(1, params.effectiveSteps());
}

void RunTimeEstimate::record(double seconds, int imageWidth, int imageHeight, const fr2r::core::RigParams& params)
{
    m_secondsPerWork = seconds / work(imageWidth, imageHeight, params);
}

std::optional<double> RunTimeEstimate::seconds(int imageWidth, int imageHeight, const fr2r::core::RigParams& params) const
{
    if (!m_secondsPerWork)
        return std::nullopt;
    return *m_secondsPerWork * work(imageWidth, imageHeight, params);
}

} // namespace fr2r::ui
