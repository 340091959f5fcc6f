#include "support/TinyModelCopy.h"

#include "core/io/SafeTensorsFile.h"
#include "support/TensorCompare.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fr2r::test {
namespace fs = std::filesystem;

TinyModelCopy::TinyModelCopy(const std::string& folder)
    : m_path((fs::path(folder) / "model").string())
{
    fs::copy(goldenPath("tiny/model"), m_path, fs::copy_options::recursive);
    makeWritable(m_path);
}

void TinyModelCopy::makeWritable(const std::string& path)
{
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
    if (fs::is_directory(path))
        for (const auto& entry : fs::recursive_directory_iterator(path))
            fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
}

void TinyModelCopy::editConfig(const std::string& component, const std::function<void(nlohmann::json&)>& edit) const
{
    const fs::path file = fs::path(m_path) / component / "config.json";
    nlohmann::json json = nlohmann::json::parse(std::ifstream(file));
    edit(json);
    std::ofstream(file) << json.dump(2);
}

void TinyModelCopy::editTensor(const std::string& component, const std::string& name,
                               const std::function<at::Tensor(at::Tensor)>& edit) const
{
    const std::string stem = component == "text_encoder" ? "model" : "diffusion_pytorch_model";
    const std::string file = (fs::path(m_path) / component / (stem + ".safetensors")).string();
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    {
        const core::SafeTensorsFile original(file);
        if (!original.contains(name))
            throw std::runtime_error(file + " has no tensor " + name);
        for (const auto& info : original.tensors())
            tensors.emplace_back(info.name, info.name == name ? edit(original.load(info)) : original.load(info));
    }
    core::writeSafeTensors(file, tensors);
}

} // namespace fr2r::test
