#include "core/io/JsonFile.h"

#include "core/api/AtomicFile.h"
#include "core/api/Error.h"

#include <filesystem>
#include <fstream>

namespace fr2r::core {

nlohmann::json readJsonFile(const std::string& path)
{
    std::ifstream stream(std::filesystem::u8path(path));
    if (!stream)
        throw ModelFormatError(path + ": cannot be read");
    try {
        return nlohmann::json::parse(stream);
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError(path + ": " + error.what());
    }
}

void writeJsonFile(const std::string& path, const nlohmann::json& json)
{
    const std::string text = json.dump(1);
    AtomicFile file(path);
    file.write(text.data(), text.size());
    file.commit();
}

} // namespace fr2r::core
