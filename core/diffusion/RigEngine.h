#pragma once

#include "core/ImageBuffer.h"
#include "core/diffusion/EngineSettings.h"
#include "core/diffusion/RigParams.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fr2r::core {

enum class RigPhase { Loading, Encoding, Inverting, Generating, Decoding };
std::string toString(RigPhase phase);

struct RigProgress
{
    RigPhase phase = RigPhase::Loading;
    int step = 0;  // 1-based within the phase
    int total = 0;
};
using ProgressCallback = std::function<void(const RigProgress&)>;

// Set from any thread; the engine checks it between UNet blocks, attention query blocks, VAE stages and tiles, and
// weight tensors while loading, and throws Cancelled.
using StopFlag = std::atomic<bool>;

// Counters a test or benchmark reads to prove that work was shared or skipped.
struct RigStats
{
    int inversionUnetCalls = 0;
    int generationUnetCalls = 0;
    long long unetRowsEvaluated = 0; // batch rows over all UNet calls
};

struct SweepCell
{
    double strength = 0;
    double gamma = 0;
    ImageBuffer image;
};
using SweepCellCallback = std::function<void(const SweepCell&)>;

// The job API the CLI and the ui drive: load once, then translate images and run sweeps.
// Holds the model, the inversion cache and the last generation's latents. Not thread-safe:
// one worker thread at a time. No LibTorch type appears here, so ui code can include it.
class RigEngine
{
public:
    RigEngine();
    ~RigEngine();
    RigEngine(const RigEngine&) = delete;
    RigEngine& operator=(const RigEngine&) = delete;

    // Throws fr2r::Error; a stopped load leaves no model loaded.
    void load(const EngineSettings& settings, const ProgressCallback& progress = {}, const StopFlag* stop = nullptr);
    bool isLoaded() const;
    std::string description() const; // "sd15-fashion · CUDA fp16"
    std::string modelHash() const;
    std::string negativeEmbeddingHash() const;

    ImageBuffer translate(const ImageBuffer& input, const RigParams& params, const ProgressCallback& progress = {},
                          const StopFlag* stop = nullptr);
    std::vector<SweepCell> sweep(const ImageBuffer& input, const RigParams& base, const std::vector<double>& strengths,
                                 const std::vector<double>& gammas, const SweepCellCallback& cellDone = {},
                                 const ProgressCallback& progress = {}, const StopFlag* stop = nullptr);

    const RigStats& stats() const;
    void resetStats();
    void clearCache();

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fr2r::core
