#include "core/io/ConfigReader.h"

#include <utility>

namespace fr2r::core {

ConfigReader::ConfigReader(const nlohmann::json& json, std::string file)
    : m_json(json)
    , m_file(std::move(file))
{
    if (!m_json.is_object())
        throw error("expected a JSON object");
}

bool ConfigReader::has(const char* key) const
{
    return m_json.contains(key) && !m_json.at(key).is_null();
}

ModelFormatError ConfigReader::error(const std::string& what) const
{
    return ModelFormatError(m_file + ": " + what);
}

ModelFormatError ConfigReader::wrongType(const std::string& key, const std::exception& error) const
{
    return this->error("'" + key + "' has the wrong type (" + error.what() + ")");
}

} // namespace fr2r::core
