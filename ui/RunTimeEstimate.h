#pragma once

#include "core/api/RigParams.h"

#include <optional>

namespace fr2r::ui {

// How long a translation takes on this device, from the last one measured: the time scales with the working
// pixels times the K regenerated steps (every UNet row covers the whole latent once per step).
class RunTimeEstimate
{
public:
    void record(double seconds, int imageWidth, int imageHeight, const fr2r::core::RigParams& params);
    // Empty until a run has been recorded.
    std::optional<double> seconds(int imageWidth, int imageHeight, const fr2r::core::RigParams& params) const;

private:
    static double work(int imageWidth, int imageHeight, const fr2r::core::RigParams& params);

    std::optional<double> m_secondsPerWork;
};

} // namespace fr2r::ui
