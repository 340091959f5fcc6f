#include "cli/BatchInputs.h"

#include "core/Error.h"
#include "imaging/ImageFile.h"

#include <algorithm>
#include <filesystem>

namespace fr2r::cli {
namespace {

std::string pngName(const std::filesystem::path& relative)
{
    return std::filesystem::path(relative).replace_extension(".png").generic_u8string();
}

} // namespace

std::vector<BatchInput> collectInputs(const std::vector<std::string>& arguments)
{
    std::vector<BatchInput> inputs;
    for (const auto& argument : arguments) {
        const auto path = std::filesystem::u8path(argument);
        if (std::filesystem::is_directory(path)) {
            for (const auto& relative : imaging::listImages(argument))
                inputs.push_back({(path / std::filesystem::u8path(relative)).u8string(), pngName(std::filesystem::u8path(relative))});
        } else {
            inputs.push_back({argument, pngName(path.filename())});
        }
    }
    std::sort(inputs.begin(), inputs.end(),
              [](const BatchInput& a, const BatchInput& b) { return std::tie(a.relativeOutput, a.path) < std::tie(b.relativeOutput, b.path); });
    return inputs;
}

std::vector<BatchInput> shard(const std::vector<BatchInput>& inputs, int index, int count)
{
    if (count < 1 || index < 0 || index >= count)
        throw InvalidArgumentError("--shard I/N needs 1 <= I <= N");
    std::vector<BatchInput> slice;
    for (size_t i = static_cast<size_t>(index); i < inputs.size(); i += static_cast<size_t>(count))
        slice.push_back(inputs[i]);
    return slice;
}

std::pair<int, int> parseShard(const std::string& text)
{
    const auto slash = text.find('/');
    try {
        if (slash != std::string::npos)
            return {std::stoi(text.substr(0, slash)) - 1, std::stoi(text.substr(slash + 1))};
    } catch (const std::logic_error&) {
    }
    throw InvalidArgumentError("--shard expects I/N, e.g. 3/8 (got '" + text + "')");
}

} // namespace fr2r::cli
