#include "core/training/TrainingCheckpoint.h"

#include "core/api/Error.h"
#include "core/io/JsonFile.h"
#include "core/io/SafeTensorsFile.h"
#include "core/training/StoredTensor.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace fr2r::core {
namespace {

std::string stateKey(const at::Tensor& parameter)
{
    return c10::guts::to_string(parameter.unsafeGetTensorImpl()); // how LibTorch's optimizers key their state
}

nlohmann::json comparableSettings(const TrainingSettings& settings)
{
    nlohmann::json json = settings.toJson();
    json.erase("steps"); // a run may be continued for more steps
    json.erase("checkpoint_every");
    json.erase("gradient_checkpointing"); // neither changes a step's result: a resume may switch them
    json.erase("cache_latents");
    return json;
}

} // namespace

TrainingCheckpoint::TrainingCheckpoint(std::string folder)
    : m_folder(std::move(folder))
{
}

std::string TrainingCheckpoint::tensorsPath() const
{
    return (std::filesystem::u8path(m_folder) / "checkpoint.safetensors").u8string();
}

std::string TrainingCheckpoint::statePath() const
{
    return (std::filesystem::u8path(m_folder) / "checkpoint.json").u8string();
}

bool TrainingCheckpoint::exists() const
{
    return std::filesystem::exists(std::filesystem::u8path(statePath()));
}

void TrainingCheckpoint::save(const TrainingSettings& settings, const TrainingProgressState& state,
                              const std::vector<std::string>& names, const torch::optim::AdamW& optimizer) const
{
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    int64_t adamSteps = 0;
    const auto& parameters = optimizer.param_groups().at(0).params();
    for (size_t i = 0; i < names.size(); ++i) {
        tensors.emplace_back(names[i], parameters.at(i).detach());
        const auto found = optimizer.state().find(stateKey(parameters[i]));
        if (found == optimizer.state().end())
            continue; // before the first step
        const auto& moments = static_cast<const torch::optim::AdamWParamState&>(*found->second);
        tensors.emplace_back("adamw." + names[i] + ".exp_avg", moments.exp_avg());
        tensors.emplace_back("adamw." + names[i] + ".exp_avg_sq", moments.exp_avg_sq());
        adamSteps = moments.step();
    }
    std::filesystem::create_directories(std::filesystem::u8path(m_folder));
    writeSafeTensors(tensorsPath(), tensors, {{"step", std::to_string(state.step)}});
    const nlohmann::json json = {{"format_version", 1}, {"step", state.step}, {"adamw_step", adamSteps},
                                 {"settings", settings.toJson()}, {"loss_history", state.losses}};
    writeJsonFile(statePath(), json);
}

TrainingProgressState TrainingCheckpoint::load(const TrainingSettings& settings, const std::vector<std::string>& names,
                                               torch::optim::AdamW& optimizer) const
{
    const nlohmann::json json = readJsonFile(statePath());
    TrainingProgressState state;
    int64_t adamSteps = 0;
    try {
        json.at("step").get_to(state.step);
        json.at("adamw_step").get_to(adamSteps);
        json.at("loss_history").get_to(state.losses);
        if (comparableSettings(TrainingSettings::fromJson(json.at("settings"))) != comparableSettings(settings))
            throw InvalidArgumentError(statePath() + ": the checkpoint was made with other training settings");
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError(statePath() + ": " + error.what());
    }
    const SafeTensorsFile tensors(tensorsPath());
    const auto stored = tensors.metadata().find("step");
    if (stored == tensors.metadata().end() || stored->second != std::to_string(state.step))
        throw ModelFormatError(tensorsPath() + ": its step does not match " + statePath() + "'s");
    auto& parameters = optimizer.param_groups().at(0).params();
    for (size_t i = 0; i < names.size(); ++i) {
        copyStoredTensor(tensors, names[i], parameters.at(i));
        if (adamSteps == 0)
            continue;
        auto moments = std::make_unique<torch::optim::AdamWParamState>();
        moments->step(adamSteps);
        moments->exp_avg(torch::zeros_like(parameters[i]));
        moments->exp_avg_sq(torch::zeros_like(parameters[i]));
        copyStoredTensor(tensors, "adamw." + names[i] + ".exp_avg", moments->exp_avg());
        copyStoredTensor(tensors, "adamw." + names[i] + ".exp_avg_sq", moments->exp_avg_sq());
        optimizer.state()[stateKey(parameters[i])] = std::move(moments);
    }
    return state;
}

} // namespace fr2r::core
