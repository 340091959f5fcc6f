#pragma once

#include "core/diffusion/RigEngine.h"

#include <QtGlobal>

#include <chrono>
#include <string>

namespace fr2r::cli {

// A one-line progress bar with ETA on stderr: images done of the total, and the current phase/step; or the bytes of
// a download.
class TerminalProgress
{
public:
    explicit TerminalProgress(int images);

    void startImage(int index, const std::string& name);
    void update(const core::RigProgress& progress);
    void updateBytes(qint64 done, qint64 total, double eta, const std::string& file); // eta < 0: not known yet
    void finish();

private:
    void draw(double fraction, const std::string& counts, double eta, const std::string& name) const;

    int m_images;
    int m_index = 0;
    std::string m_name;
    std::chrono::steady_clock::time_point m_start;
};

} // namespace fr2r::cli
