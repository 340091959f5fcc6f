#pragma once

#include "core/api/Error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fr2r::core {

// Reads a diffusers config.json whose keys are all optional: an absent or null key keeps the field's default,
// a value of the wrong type is a ModelFormatError naming the file and the key.
class ConfigReader
{
public:
    ConfigReader(const nlohmann::json& json, std::string file); // throws ModelFormatError unless json is an object

    bool has(const char* key) const;
    const nlohmann::json& at(const char* key) const { return m_json.at(key); }

    template <typename T>
    void read(const char* key, T& field) const
    {
        if (!has(key))
            return;
        try {
            m_json.at(key).get_to(field);
        } catch (const nlohmann::json::exception& error) {
            throw wrongType(key, error);
        }
    }

    template <typename T>
    T get(const char* key, T fallback) const
    {
        read(key, fallback);
        return fallback;
    }

    ModelFormatError error(const std::string& what) const; // "<file>: <what>"
    ModelFormatError wrongType(const std::string& key, const std::exception& error) const;

private:
    const nlohmann::json& m_json;
    std::string m_file;
};

} // namespace fr2r::core
