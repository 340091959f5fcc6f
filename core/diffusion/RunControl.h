#pragma once

#include "core/api/Error.h"
#include "core/api/RigProgress.h"
#include "core/api/RigStats.h"
#include "core/api/StopCheck.h"

namespace fr2r::core {

// Progress, cancellation and counters of one job, handed down to every UNet loop.
struct RunControl
{
    ProgressCallback progress;
    const StopFlag* stop = nullptr;
    RigStats* stats = nullptr;

    void throwIfStopped() const
    {
        if (stop && stop->load())
            throw Cancelled();
    }
    StopCheck stopCheck() const
    {
        return [this] { throwIfStopped(); };
    }
    void report(RigPhase phase, int step, int total) const
    {
        if (progress)
            progress(RigProgress{phase, step, total});
    }
};

} // namespace fr2r::core
