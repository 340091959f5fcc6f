#pragma once

#include "core/api/RigProgress.h"
#include "core/api/TrainingExample.h"
#include "core/api/TrainingProgress.h"
#include "core/training/EmbeddingRows.h"
#include "core/training/LatentCache.h"
#include "core/training/LoraLayers.h"
#include "core/training/NoisePredictionObjective.h"
#include "core/training/TrainingCheckpoint.h"

#include <torch/optim/adamw.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fr2r::core {

class StableDiffusionModel;

// One DKI stage on a loaded model: LoRA on every attention projection of the UNet, or textual inversion of
// settings.placeholderToken (rows initialised from settings.initializerToken). AdamW with a linearly warmed-up
// constant learning rate and gradient accumulation; every random draw of step k (images, flips, VAE sample,
// noise, timesteps) comes from a generator seeded by (seed, k), so a run resumed from a checkpoint equals the
// uninterrupted one. Checkpoints go to checkpointFolder every settings.checkpointEvery steps and at the end.
// settings.cacheLatents encodes the images once (LatentCache) at the first run(); settings.gradientCheckpointing
// checkpoints the UNet's blocks while run() trains. Neither changes a step's result.
class DkiTrainer
{
public:
    // Throws InvalidArgumentError for bad settings, no examples or an image of another size.
    DkiTrainer(StableDiffusionModel& model, TrainingSettings settings, std::vector<TrainingExample> examples,
               std::string checkpointFolder);
    ~DkiTrainer();

    // Continues from the folder's checkpoint when there is one. Throws Cancelled when stop is set (checked
    // before every step); the last checkpoint written stays.
    void run(const TrainingProgressCallback& progress = {}, const StopFlag* stop = nullptr);

    // One optimizer step without checkpoint, progress or advancing step() (the probe); returns its loss.
    double measureStep();
    // The prompt that selects the learned token's rows (its n vectors spelled out); empty for a LoRA.
    std::string placeholderPrompt() const;

    const std::vector<double>& lossHistory() const { return m_state.losses; }
    int64_t step() const { return m_state.step; }
    LoraLayers* lora() { return m_lora ? &*m_lora : nullptr; } // nullptr for textual inversion
    const LoraLayers* lora() const { return m_lora ? &*m_lora : nullptr; }
    EmbeddingRows* embedding() { return m_rows ? &*m_rows : nullptr; } // nullptr for a LoRA
    const EmbeddingRows* embedding() const { return m_rows ? &*m_rows : nullptr; }
    const TrainingSettings& settings() const { return m_settings; }

private:
    void addEmbeddingToken();
    double trainStep(int64_t step);
    at::Tensor microBatchLoss(at::Generator& generator);
    LatentDistribution latentDistribution(const at::Tensor& indices, const at::Tensor& flips) const;
    void tokenizeCaptions(const std::vector<TrainingExample>& examples);
    at::Tensor encodeCaptions(const at::Tensor& indices);
    void applyTrainables();
    void restoreTrainables();
    void saveCheckpoint() const;
    void setLearningRate(int64_t step);

    StableDiffusionModel& m_model;
    TrainingSettings m_settings;
    at::Tensor m_pixels;                          // [N, 3, R, R] in [-1, 1], CPU float32; released once cached
    int64_t m_exampleCount;                       // N
    std::vector<std::vector<int64_t>> m_captionIds; // per example, the placeholder appended for textual inversion
    TrainingCheckpoint m_checkpoint;
    NoisePredictionObjective m_objective;
    std::optional<LatentCache> m_latentCache;
    std::optional<LoraLayers> m_lora;
    std::optional<EmbeddingRows> m_rows;
    std::vector<std::string> m_names; // of the optimizer's parameters, in order
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    TrainingProgressState m_state;
};

} // namespace fr2r::core
