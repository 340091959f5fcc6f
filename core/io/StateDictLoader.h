#pragma once

#include "core/api/StopCheck.h"

#include <torch/nn/module.h>

namespace fr2r::core {

class ComponentWeights;

// Copies every named parameter and buffer of module from weights (same names), cast to dtype and
// moved to device. Nothing is changed unless every name matches in both directions with equal shapes;
// otherwise throws ModelFormatError listing the first missing, unexpected and shape-mismatched names
// with their counts, so no layer is silently left with random weights. stop is checked before every tensor.
void loadStateDict(torch::nn::Module& module, const ComponentWeights& weights, at::ScalarType dtype, at::Device device,
                   const StopCheck& stop = {});

} // namespace fr2r::core
