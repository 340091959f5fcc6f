#include "ui/TranslationClock.h"

#include "core/api/BranchPlan.h"

namespace fr2r::ui {

using fr2r::core::RigPhase;

TranslationClock::TranslationClock(const fr2r::core::RigParams& params)
    : m_k(params.effectiveSteps())
    , m_controlled(params.controlledSteps())
{
    m_totalRows = kEncodeRows + m_k + generationRows(m_k) + kDecodeRows;
}

int TranslationClock::generationRows(int steps) const
{
    return static_cast<int>(fr2r::core::BranchPlan::plannedRows(steps, {m_controlled}));
}

int TranslationClock::rowsBefore(const fr2r::core::RigProgress& progress) const
{
    switch (progress.phase) {
    case RigPhase::Loading:
    case RigPhase::Encoding:
    case RigPhase::Evaluating: // not phases of a translation
    case RigPhase::Training:
        return 0;
    case RigPhase::Inverting:
        return kEncodeRows + progress.step - 1;
    case RigPhase::Generating:
        return kEncodeRows + m_k + generationRows(progress.step - 1);
    case RigPhase::Decoding:
        return kEncodeRows + m_k + generationRows(m_k);
    }
    return 0;
}

JobPace TranslationClock::update(const fr2r::core::RigProgress& progress)
{
    const int done = rowsBefore(progress);
    JobPace pace{done, m_totalRows, -1.0};
    if (m_firstRows < 0) {
        m_firstRows = done;
        m_timer.start();
    } else if (done > m_firstRows) {
        pace.secondsLeft = m_timer.elapsed() / 1000.0 / (done - m_firstRows) * (m_totalRows - done);
    }
    return pace;
}

} // namespace fr2r::ui
