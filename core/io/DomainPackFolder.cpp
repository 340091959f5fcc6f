#include "core/io/DomainPackFolder.h"

#include "core/api/Error.h"
#include "core/io/ConfigReader.h"
#include "core/io/JsonFile.h"

#include <filesystem>

namespace fr2r::core {
namespace {

std::string existingFile(const std::filesystem::path& root, const char* name)
{
    const auto path = root / name;
    if (!std::filesystem::is_regular_file(path))
        throw ModelFormatError(path.u8string() + ": missing; a domain pack folder holds " +
                               DomainPackFolder::kLoraFile + ", " + DomainPackFolder::kEmbeddingFile + " and " +
                               DomainPackFolder::kInfoFile);
    return path.u8string();
}

} // namespace

DomainPackFolder DomainPackFolder::open(const std::string& folder)
{
    const auto root = std::filesystem::u8path(folder);
    DomainPackFolder pack;
    const std::string infoPath = existingFile(root, kInfoFile);
    pack.loraPath = existingFile(root, kLoraFile);
    pack.negativeEmbeddingPath = existingFile(root, kEmbeddingFile);
    const nlohmann::json json = readJsonFile(infoPath);
    const ConfigReader info(json, infoPath);
    if (info.get("format_version", 0) != kFormatVersion)
        throw info.error("'format_version' is not " + std::to_string(kFormatVersion) + " (made by another version?)");
    info.read("base_model_sha256", pack.baseModelSha256);
    info.read("token", pack.token);
    if (info.has("prompts"))
        ConfigReader(info.at("prompts"), infoPath + " (prompts)").read("target", pack.targetPrompt);
    if (info.has("recommended")) {
        const ConfigReader recommended(info.at("recommended"), infoPath + " (recommended)");
        recommended.read("strength", pack.strength);
        recommended.read("gamma", pack.gamma);
    }
    return pack;
}

} // namespace fr2r::core
