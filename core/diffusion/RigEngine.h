#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/ImageBuffer.h"
#include "core/api/JobLog.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"
#include "core/api/RigProgress.h"
#include "core/api/RigStats.h"
#include "core/api/SweepCell.h"

#include <memory>
#include <string>
#include <vector>

namespace fr2r::core {

// The job API (the façade) the CLI and the ui drive: load once, then translate images and run sweeps.
// Validates parameters, logs decisions through the log callback and converts LibTorch errors. Holds the model,
// the inversion cache and the last generation's latents. Not thread-safe: one worker thread at a time. No LibTorch
// type appears here, so ui code can include it.
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

    // Where the core says what it decided (config inferred, tokenizer source, LoRA modules matched, tiling,
    // attention chunking, the dtype Auto chose) during every later call; called on the job's thread.
    void setLogCallback(LogCallback callback);

    // What a result of `inputPath` records besides its parameters: the model's name and the first ten hex digits
    // of its weights' and the negative embedding's SHA-256, the input's path as the caller named it and its SHA-256
    // (both empty when inputPath names no file). The one place result metadata is filled; hashes are computed once per load.
    RigMetadata metadata(const std::string& inputPath) const;

    ImageBuffer translate(const ImageBuffer& input, const RigParams& params, const ProgressCallback& progress = {},
                          const StopFlag* stop = nullptr);
    std::vector<SweepCell> sweep(const ImageBuffer& input, const RigParams& base, const std::vector<double>& strengths,
                                 const std::vector<double>& gammas, const SweepCellCallback& cellDone = {},
                                 const ProgressCallback& progress = {}, const StopFlag* stop = nullptr);

    const RigStats& stats() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fr2r::core
