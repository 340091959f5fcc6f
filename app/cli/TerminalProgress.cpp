#include "cli/TerminalProgress.h"

#include <cstdio>

namespace fr2r::cli {

TerminalProgress::TerminalProgress(int images)
    : m_images(images)
    , m_start(std::chrono::steady_clock::now())
{
}

void TerminalProgress::startImage(int index, const std::string& name)
{
    m_index = index;
    m_name = name;
}

void TerminalProgress::update(const core::RigProgress& progress)
{
    const double within = progress.total > 0 ? static_cast<double>(progress.step) / progress.total : 0.0;
    const double done = (m_index + (progress.phase == core::RigPhase::Decoding ? 1.0 : 0.9 * within)) / m_images;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double eta = done > 0.01 ? elapsed * (1.0 - done) / done : 0.0;
    char counts[64];
    std::snprintf(counts, sizeof counts, "%d/%d %-10s %3d/%-3d", m_index + 1, m_images, core::toString(progress.phase).c_str(),
                  progress.step, progress.total);
    draw(done, counts, eta, m_name);
}

void TerminalProgress::updateBytes(qint64 done, qint64 total, double eta, const std::string& file)
{
    constexpr double kMiB = 1024.0 * 1024.0;
    char counts[64];
    std::snprintf(counts, sizeof counts, "%7.1f/%.1f MiB", done / kMiB, total / kMiB);
    draw(total > 0 ? static_cast<double>(done) / total : 0.0, counts, eta < 0 ? 0.0 : eta, file);
}

void TerminalProgress::draw(double fraction, const std::string& counts, double eta, const std::string& name) const
{
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r[%-*s] %s ETA %4.0fs  %s\033[K", kWidth, std::string(filled, '#').c_str(), counts.c_str(), eta,
                 name.c_str());
    std::fflush(stderr);
}

void TerminalProgress::finish()
{
    std::fprintf(stderr, "\n");
}

} // namespace fr2r::cli
