#pragma once

#include "bench/GoldenReport.h"
#include "core/model/ComputeContext.h"

#include <string>

namespace fr2r::core {
class SafeTensorsFile;
class StableDiffusionModel;
}

namespace fr2r::bench {

// `fr2r-bench check-golden DIR`: compares what the core computes with every reference file found in a
// folder laid out like shared/golden/tiny (model/, single_file.safetensors, reference.safetensors,
// pipeline_*, lora_*, training_*) or shared/golden/metrics (metrics_reference.safetensors + unpacked weights).
class GoldenChecker
{
public:
    GoldenChecker(std::string folder, core::ComputeContext context);

    GoldenReport run() const;

private:
    double componentFactor() const;
    double pipelineFactor() const;
    std::string file(const std::string& name) const;
    bool has(const std::string& name) const;
    void checkTokenizerAndScheduler(GoldenReport& report) const;
    void checkComponents(const std::string& layout, GoldenReport& report) const;
    void checkUNetAndVae(core::StableDiffusionModel& model, const core::SafeTensorsFile& reference,
                         const std::string& keyPrefix, const std::string& reportPrefix, GoldenReport& report) const;
    void checkPipeline(GoldenReport& report) const;
    void checkLora(GoldenReport& report) const;
    void checkSsim(GoldenReport& report) const;

    std::string m_folder;
    core::ComputeContext m_context;
};

} // namespace fr2r::bench
