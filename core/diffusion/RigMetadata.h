#pragma once

#include "core/diffusion/RigParams.h"

#include <string>

namespace fr2r::core {

// What a saved result records besides its parameters; the GUI and the CLI fill it the same way.
struct RigMetadata
{
    std::string modelName;
    std::string modelHash;
    std::string negativeEmbeddingHash;
    std::string sourceFile; // the rendered input, as the user named it
    int width = 0;          // of the result
    int height = 0;
};

// The PNG text chunks of a result: "parameters" (A1111 style, one line) and "fr2r" (full JSON).
inline constexpr const char* kParametersChunk = "parameters";
inline constexpr const char* kSettingsChunk = "fr2r";

std::string a1111Parameters(const RigParams& params, const RigMetadata& metadata);
std::string settingsJson(const RigParams& params, const RigMetadata& metadata);
RigParams paramsFromJson(const std::string& json); // throws InvalidArgumentError naming the bad key

} // namespace fr2r::core
