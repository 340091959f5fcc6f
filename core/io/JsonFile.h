#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fr2r::core {

// A whole JSON file; throws ModelFormatError naming the file when it cannot be read or parsed.
nlohmann::json readJsonFile(const std::string& path);
// Writes json (indented) through AtomicFile; throws fr2r::Error naming the file.
void writeJsonFile(const std::string& path, const nlohmann::json& json);

} // namespace fr2r::core
