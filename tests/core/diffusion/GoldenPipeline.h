#pragma once

#include "bench/PipelineCases.h"
#include "core/diffusion/StableDiffusionModel.h"

#include <memory>
#include <string>

namespace fr2r::test {

// The tiny golden model with its negative embedding on the CPU, in float32 unless told otherwise.
std::unique_ptr<core::StableDiffusionModel> loadGoldenModel(at::ScalarType dtype = at::kFloat,
                                                            const core::StopCheck& stop = {});

// The cases of golden/tiny/pipeline_cases.json.
std::vector<bench::PipelineCase> goldenPipelineCases();

} // namespace fr2r::test
