#pragma once

#include "core/api/RigParams.h"
#include "ui/JobClock.h"

#include <QElapsedTimer>

namespace fr2r::ui {

// A whole translation as one bar and one estimate: the UNet batch rows it needs (K inversion rows, then per
// generation step the source row while TAC is on plus the negative and positive rows, as BranchPlan counts
// them; the VAE's encode and decode count as kEncodeRows and kDecodeRows), and the pace of the rows done in
// this job. Rows a cached inversion or a resumed generation skips count as done but not towards the pace.
class TranslationClock : public JobClock
{
public:
    // The README's fr2r-bench figures at 256 px: an encode takes about 1.1 batch-1 UNet passes, a decode 2.6.
    static constexpr int kEncodeRows = 1;
    static constexpr int kDecodeRows = 3;

    explicit TranslationClock(const fr2r::core::RigParams& params);

    JobPace update(const fr2r::core::RigProgress& progress) override;
    int totalRows() const { return m_totalRows; }
    int rowsBefore(const fr2r::core::RigProgress& progress) const; // rows of everything before this report's step

private:
    int generationRows(int steps) const;

    int m_k = 0;
    int m_controlled = 0;
    int m_totalRows = 0;
    int m_firstRows = -1; // rows already done when this job's first report came
    QElapsedTimer m_timer;
};

} // namespace fr2r::ui
