#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/JobLog.h"
#include "core/api/RigProgress.h"
#include "core/api/TrainingExample.h"
#include "core/api/TrainingProgress.h"
#include "core/api/TrainingSettings.h"

#include <string>
#include <utility>
#include <vector>

namespace fr2r::core {

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
};

// The façade of DKI training the CLI and the ui drive (no LibTorch type here): loads the base model, trains the
// LoRA on the real photos, then, with it applied, the rendered-domain embedding on the renders, and writes the
// domain pack (DomainPack.h) with the base model's weights hash.
class DomainPackTrainer
{
public:
    void setLogCallback(LogCallback callback) { m_log = std::move(callback); }

    // Throws InvalidArgumentError (settings, checkpoints of an earlier run without resume), OutOfMemoryError naming
    // the setting to lower, Cancelled (the last checkpoint of the stage stays) or another fr2r::Error.
    void run(const DomainPackJob& job, const TrainingProgressCallback& progress = {}, const StopFlag* stop = nullptr);

    static std::string checkpointFolder(const std::string& packFolder, TrainingStage stage);

private:
    LogCallback m_log;
};

} // namespace fr2r::core
