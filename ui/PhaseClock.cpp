#include "ui/PhaseClock.h"

namespace fr2r::ui {

JobPace PhaseClock::update(const fr2r::core::RigProgress& progress)
{
    JobPace pace{progress.step, progress.total, -1.0};
    if (!m_timer.isValid() || progress.phase != m_phase || progress.step < m_firstStep) {
        m_phase = progress.phase;
        m_firstStep = progress.step;
        m_timer.start();
        return pace;
    }
    const int stepsDone = progress.step - m_firstStep;
    if (stepsDone > 0)
        pace.secondsLeft = m_timer.elapsed() / 1000.0 / stepsDone * (progress.total - progress.step);
    return pace;
}

} // namespace fr2r::ui
