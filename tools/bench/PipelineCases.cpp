#include "bench/PipelineCases.h"

#include "core/api/Error.h"
#include "core/api/RigMetadata.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fr2r::bench {

std::vector<PipelineCase> readPipelineCases(const std::string& path)
{
    std::ifstream stream(std::filesystem::u8path(path));
    if (!stream)
        throw Error(path + ": cannot open");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(stream);
        std::vector<PipelineCase> cases;
        for (auto entry : json.at("cases")) {
            entry["positive_prompt"] = json.at("positive_prompt");
            entry["source_prompt"] = json.at("source_prompt");
            PipelineCase golden;
            golden.name = entry.at("name").get<std::string>();
            golden.params = core::paramsFromJson(entry.dump()); // the result metadata uses the same keys
            golden.generationTimesteps = entry.at("generation_timesteps").get<std::vector<int64_t>>();
            golden.controlledSteps = entry.at("controlled_steps").get<int>();
            cases.push_back(std::move(golden));
        }
        return cases;
    } catch (const nlohmann::json::exception& error) {
        throw Error(path + ": " + error.what());
    }
}

} // namespace fr2r::bench
