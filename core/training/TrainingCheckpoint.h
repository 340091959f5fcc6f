#pragma once

#include "core/api/TrainingSettings.h"

#include <torch/optim/adamw.h>

#include <string>
#include <vector>

namespace fr2r::core {

// What a training run resumes from: the step reached and the loss of every step so far.
struct TrainingProgressState
{
    int64_t step = 0; // optimizer steps done
    std::vector<double> losses;
};

// A training checkpoint in a folder: checkpoint.safetensors (the trainable tensors under their names, AdamW's
// first and second moments as "adamw.<name>.exp_avg" / ".exp_avg_sq") and checkpoint.json (step, AdamW's step
// count, settings, loss history), each written atomically. The optimizer's parameters, in its single group's
// order, are the tensors names[i] stands for.
class TrainingCheckpoint
{
public:
    explicit TrainingCheckpoint(std::string folder);

    bool exists() const;
    void save(const TrainingSettings& settings, const TrainingProgressState& state, const std::vector<std::string>& names,
              const torch::optim::AdamW& optimizer) const;
    // Restores the tensors and AdamW's moments in place. Throws ModelFormatError naming the file when it does not
    // fit, InvalidArgumentError when it was made with other settings (only the step count may differ).
    TrainingProgressState load(const TrainingSettings& settings, const std::vector<std::string>& names,
                               torch::optim::AdamW& optimizer) const;

    std::string tensorsPath() const;
    std::string statePath() const;

private:
    std::string m_folder;
};

} // namespace fr2r::core
