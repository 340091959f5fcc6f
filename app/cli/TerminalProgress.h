#pragma once

#include "core/api/TrainingProgress.h"
#include "core/diffusion/RigEngine.h"

#include <QtGlobal>

#include <chrono>
#include <string>

namespace fr2r::cli {

// A one-line progress bar with ETA on stderr: images done of the total, and the current phase/step; the bytes of
// a download; or the steps of a training stage, with a line of loss every lossEvery steps.
class TerminalProgress
{
public:
    explicit TerminalProgress(int images);

    void startImage(int index, const std::string& name);
    void update(const core::RigProgress& progress);
    void updateBytes(qint64 done, qint64 total, double eta, const std::string& file); // eta < 0: not known yet
    void updateTraining(const core::TrainingProgress& progress, int lossEvery);
    void finish();

private:
    double eta(double done) const; // seconds, from the time since the start
    void draw(double fraction, const std::string& counts, double eta, const std::string& name) const;

    int m_images;
    int m_index = 0;
    std::string m_name;
    std::chrono::steady_clock::time_point m_start;
    double m_lossSum = 0.0; // of the steps since the last loss line
    int m_lossSteps = 0;
};

} // namespace fr2r::cli
