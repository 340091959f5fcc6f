#pragma once

#include "core/api/TrainingSettings.h"

#include <cstdint>
#include <functional>

namespace fr2r::core {

// Where a DKI training job is, after each optimizer step.
struct TrainingProgress
{
    TrainingStage stage = TrainingStage::Lora;
    int64_t step = 0; // optimizer steps done in this stage
    int64_t total = 0;
    double loss = 0.0; // of the step just done
};
using TrainingProgressCallback = std::function<void(const TrainingProgress&)>;

} // namespace fr2r::core
