#include "GoldenPipeline.h"

#include "support/TensorCompare.h"

namespace fr2r::test {

std::unique_ptr<core::StableDiffusionModel> loadGoldenModel(at::ScalarType dtype, const core::StopCheck& stop)
{
    core::EngineSettings settings;
    settings.modelPath = goldenPath("tiny/model");
    settings.negativeEmbeddingPath = goldenPath("tiny/negative_embedding.safetensors");
    settings.tokenizerPath = goldenPath("tiny/model/tokenizer");
    return core::StableDiffusionModel::load(settings, core::ComputeContext(at::kCPU, dtype), stop);
}

std::vector<bench::PipelineCase> goldenPipelineCases()
{
    return bench::readPipelineCases(goldenPath("tiny/pipeline_cases.json"));
}

} // namespace fr2r::test
