#pragma once

#include "core/api/RigParams.h"

#include <string>

namespace fr2r::core {

// What a saved result records besides its parameters; the GUI and the CLI fill it the same way.
struct RigMetadata
{
    std::string modelName;
    std::string modelHash;
    std::string negativeEmbeddingHash;
    std::string sourceFile;   // the rendered input as the user named it: native bytes, maybe not UTF-8
    std::string sourceSha256; // hex SHA-256 of the input file's bytes; --skip-existing compares it
    int width = 0;          // of the result
    int height = 0;
};

// The PNG text chunks of a result: "parameters" (A1111 style, one line) and "fr2r" (full JSON).
inline constexpr const char* kParametersChunk = "parameters";
inline constexpr const char* kSettingsChunk = "fr2r";

// Both are valid UTF-8 whatever the names hold: bytes that are not UTF-8 become U+FFFD. So that the
// file name survives that, the JSON keeps it twice: "source" (readable, replaced) and "source_escaped"
// (lossless: '%' and every byte of an invalid UTF-8 sequence written as %XX, upper-case hex), beside
// "source_sha256".
std::string a1111Parameters(const RigParams& params, const RigMetadata& metadata);
std::string settingsJson(const RigParams& params, const RigMetadata& metadata);
RigParams paramsFromJson(const std::string& json); // throws InvalidArgumentError naming the bad key
// "source_sha256" of a "fr2r" chunk; empty when the text is not such JSON or has no hash.
std::string sourceHashFromJson(const std::string& json);

std::string escapeFileName(const std::string& bytes);    // the "source_escaped" form
std::string unescapeFileName(const std::string& escaped); // its inverse; malformed escapes stay as they are

} // namespace fr2r::core
