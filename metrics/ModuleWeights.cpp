#include "metrics/ModuleWeights.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <filesystem>
#include <sstream>
#include <vector>

namespace fr2r::metrics {

namespace {

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

void loadModuleWeights(torch::nn::Module& module, const std::string& path, const MetricWeightsFile& weights,
                       const at::Device& device)
{
    const std::string what = weights.description + " (" + weights.fileName + ")";
    if (!std::filesystem::is_regular_file(path))
        throw ModelFormatError(what + " not found at " + path + ": set them in Settings or " + weights.option);
    const core::SafeTensorsFile file(path);

    torch::NoGradGuard noGrad;
    std::vector<std::string> missing;
    std::vector<std::string> mismatched;
    auto assign = [&](const std::string& name, at::Tensor target) {
        const auto* info = file.find(name);
        if (!info) {
            missing.push_back(name);
            return;
        }
        if (info->shape != target.sizes().vec()) {
            std::ostringstream entry;
            entry << name << " " << c10::IntArrayRef(info->shape) << " (expected " << target.sizes() << ")";
            mismatched.push_back(entry.str());
            return;
        }
        // set_data keeps the registered tensor object, so the module sees the new values.
        target.set_data(file.load(*info).to(at::kFloat));
    };
    for (const auto& item : module.named_parameters())
        assign(item.key(), item.value());
    for (const auto& item : module.named_buffers()) {
        // BatchNorm's step counter only matters in training; checkpoints often omit it.
        if (!endsWith(item.key(), "num_batches_tracked"))
            assign(item.key(), item.value());
    }
    if (!missing.empty() || !mismatched.empty()) {
        std::string message = path + " is not usable as " + what + ":";
        if (!missing.empty())
            message += " missing " + joined(missing) + ";";
        if (!mismatched.empty())
            message += " wrong shape " + joined(mismatched) + ";";
        throw ModelFormatError(message + " set the right file in Settings or " + weights.option);
    }
    module.to(device);
    module.eval();
}

} // namespace fr2r::metrics
