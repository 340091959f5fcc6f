#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>

namespace fr2r::metrics {

// Which weight file a metric network needs, so errors can tell the user what to provide.
struct MetricWeightsFile
{
    std::string description; // "LPIPS weights"
    std::string fileName;     // "lpips_alex.safetensors"
    std::string option;       // "--lpips-weights"
};

// Copies every parameter and buffer of module from the safetensors file at path (any float dtype,
// upcast to float32), moves the module to device and puts it in eval mode. Keys the module does not
// have are ignored. Throws ModelFormatError naming the file when it is missing, unreadable, or lacks
// a key or has a key of another shape.
void loadModuleWeights(torch::nn::Module& module, const std::string& path, const MetricWeightsFile& weights,
                       const at::Device& device);

} // namespace fr2r::metrics
