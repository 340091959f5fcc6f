#pragma once

#include "ui/JobClock.h"

#include <QElapsedTimer>

namespace fr2r::ui {

// One phase at a time (loading a model, a sweep's strengths): the phase's steps and the pace of its steps so far.
class PhaseClock : public JobClock
{
public:
    JobPace update(const fr2r::core::RigProgress& progress) override;

private:
    QElapsedTimer m_timer;
    fr2r::core::RigPhase m_phase = fr2r::core::RigPhase::Loading;
    int m_firstStep = 0;
};

} // namespace fr2r::ui
