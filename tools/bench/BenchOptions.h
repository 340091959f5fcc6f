#pragma once

#include "core/model/ComputeContext.h"

#include <string>
#include <vector>

namespace fr2r::bench {

// The command line of fr2r-bench: `fr2r-bench COMMAND [ARGS] [--option value ...]`.
struct BenchOptions
{
    std::string command;
    std::vector<std::string> positional;
    std::string config = "sd15";
    core::ComputeContext context;
    int batch = 1;
    int width = 256;
    int height = 256;
    int steps = 20;
    double strength = 0.3;
    double gamma = 0.9;
    std::vector<double> strengths{0.3, 0.5, 0.7};
    std::vector<double> gammas{0.0, 0.3, 0.6, 0.9};
    int repeats = 3;
    std::string tokenizerDir = FR2R_CLIP_VOCAB_DIR;
    int64_t budgetMiB = core::EngineSettings{}.memoryBudgetMiB; // attention's and the VAE stages' (0: unbounded)
    bool gradientCheckpointing = false; // train
    std::string traceFile; // unet, rig, train: one more pass under LibTorch's profiler, as a Chrome trace

    static BenchOptions parse(int argc, char** argv); // throws InvalidArgumentError
    static const char* usage();
};

} // namespace fr2r::bench
