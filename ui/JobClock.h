#pragma once

#include "core/diffusion/RigEngine.h"

namespace fr2r::ui {

// How far a running job is, in the clock's own units, and the seconds left (-1 while unknown).
struct JobPace
{
    int done = 0;
    int total = 0;
    double secondsLeft = -1.0;
};

// Turns the core's progress reports of one job into what the status bar shows. Runs on the worker thread.
class JobClock
{
public:
    virtual ~JobClock() = default;
    virtual JobPace update(const fr2r::core::RigProgress& progress) = 0;
};

} // namespace fr2r::ui
