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
    char counts[64];
    std::snprintf(counts, sizeof counts, "%d/%d %-10s %3d/%-3d", m_index + 1, m_images, core::toString(progress.phase).c_str(),
                  progress.step, progress.total);
    draw(done, counts, eta(done), m_name);
}

void TerminalProgress::updateBytes(qint64 done, qint64 total, double eta, const std::string& file)
{
    constexpr double kMiB = 1024.0 * 1024.0;
    char counts[64];
    std::snprintf(counts, sizeof counts, "%7.1f/%.1f MiB", done / kMiB, total / kMiB);
    draw(total > 0 ? static_cast<double>(done) / total : 0.0, counts, eta < 0 ? 0.0 : eta, file);
}

void TerminalProgress::updateTraining(const core::TrainingProgress& progress, int lossEvery)
{
    const std::string stage = progress.stage == core::TrainingStage::Lora ? "lora" : "embedding";
    if (stage != m_name) { // a new stage: its own bar and ETA
        m_name = stage;
        m_start = std::chrono::steady_clock::now();
    }
    m_lossSum += progress.loss;
    ++m_lossSteps;
    if (progress.step % lossEvery == 0 || progress.step == progress.total) {
        std::fprintf(stderr, "\r\033[K%s step %lld/%lld: loss %.5f (mean of %d steps)\n", stage.c_str(),
                     static_cast<long long>(progress.step), static_cast<long long>(progress.total),
                     m_lossSum / m_lossSteps, m_lossSteps);
        m_lossSum = 0.0;
        m_lossSteps = 0;
    }
    const double done = progress.total > 0 ? static_cast<double>(progress.step) / progress.total : 0.0;
    char counts[64];
    std::snprintf(counts, sizeof counts, "%lld/%lld", static_cast<long long>(progress.step),
                  static_cast<long long>(progress.total));
    draw(done, counts, eta(done), stage);
}

double TerminalProgress::eta(double done) const
{
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    return done > 0.01 ? elapsed * (1.0 - done) / done : 0.0;
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
