#pragma once

#include "core/api/RigParams.h"

#include <string>
#include <vector>

namespace fr2r::bench {

// One case of a golden folder's pipeline_cases.json.
struct PipelineCase
{
    std::string name;
    core::RigParams params;
    std::vector<int64_t> generationTimesteps;
    int controlledSteps = 0;
};

// Reads pipeline_cases.json (the prompts at the top level, one parameter set per case); throws fr2r::Error.
std::vector<PipelineCase> readPipelineCases(const std::string& path);

} // namespace fr2r::bench
