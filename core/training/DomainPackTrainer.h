#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/ImageBuffer.h"
#include "core/api/JobLog.h"
#include "core/api/RigParams.h"
#include "core/api/RigProgress.h"
#include "core/api/TrainingExample.h"
#include "core/api/TrainingProgress.h"
#include "core/api/TrainingSettings.h"

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace fr2r::core {

// A render translated with the weights trained so far, every `every` steps of each stage.
struct TrainingPreview
{
    ImageBuffer render; // at the size to translate, sides multiples of 8 (the caller resizes it); empty: no preview
    RigParams params;
    int64_t every = 0;  // steps; 0: no preview

    bool dueAt(int64_t step) const { return every > 0 && !render.isNull() && step % every == 0; }
};
// Called on the training thread with the translated render ("after").
using TrainingPreviewCallback = std::function<void(TrainingStage stage, int64_t step, const ImageBuffer& after)>;

// What one optimizer step of the LoRA stage costs on this machine, measured by DomainPackTrainer::probe().
struct TrainingProbe
{
    double secondsPerStep = 0.0;
    int64_t peakBytes = 0;     // above what the process held before the probe loaded its model
    bool deviceMemory = false; // peakBytes counts the GPU allocator's memory, not the resident set
};

// One domain-pack training job: the base model, the two image sets and both DKI stages' settings.
struct DomainPackJob
{
    EngineSettings engine;                 // the base model and where to train; its pack, LoRAs and embedding are not used
    std::vector<TrainingExample> real;     // target DKI: the LoRA learns these photos
    std::vector<TrainingExample> rendered; // source DKI: the rendered-domain embedding learns these
    TrainingSettings lora;                 // stage Lora
    TrainingSettings embedding;            // stage Embedding
    std::string targetPrompt;              // the real photos' caption where they have none (recorded in the pack)
    std::string packFolder;                // the pack; checkpoints go to <packFolder>/checkpoints/{lora,embedding}
    bool resume = false;                   // continue from those checkpoints; without it they are an error
    TrainingPreview preview;               // optional
};

// The façade of DKI training the CLI and the ui drive (no LibTorch type here): loads the base model, trains the
// LoRA on the real photos, then, with it applied, the rendered-domain embedding on the renders, and writes the
// domain pack (DomainPack.h) with the base model's weights hash.
class DomainPackTrainer
{
public:
    void setLogCallback(LogCallback callback) { m_log = std::move(callback); }
    void setPreviewCallback(TrainingPreviewCallback callback) { m_preview = std::move(callback); }

    // Throws InvalidArgumentError (settings, checkpoints of an earlier run without resume), OutOfMemoryError naming
    // the setting to lower, Cancelled (the last checkpoint of the stage stays) or another fr2r::Error.
    void run(const DomainPackJob& job, const TrainingProgressCallback& progress = {}, const StopFlag* stop = nullptr);

    // Loads the model and runs one LoRA step on job.real without writing anything (the settings page's estimate).
    TrainingProbe probe(const DomainPackJob& job, const StopFlag* stop = nullptr);

    static std::string checkpointFolder(const std::string& packFolder, TrainingStage stage);
    static bool hasCheckpoint(const std::string& packFolder); // of either stage: a run to resume


private:
    LogCallback m_log;
    TrainingPreviewCallback m_preview;
};

} // namespace fr2r::core
