#include "core/api/RigMetadata.h"

#include "core/api/Error.h"
#include "core/api/UnicodeText.h"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <sstream>

namespace fr2r::core {
namespace {

constexpr int kFormatVersion = 1;

std::string number(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

// JSON text with invalid UTF-8 replaced by U+FFFD, where nlohmann's default would throw.
std::string dumpJson(const nlohmann::json& value)
{
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string validUtf8(const std::string& text)
{
    return UnicodeText::encodeUtf8(UnicodeText::decodeUtf8(text));
}

// A1111 quotes a value that would break its "key: value, " list.
std::string a1111Value(const std::string& text)
{
    if (text.find_first_of(",:\"\n") == std::string::npos)
        return text;
    return dumpJson(text);
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string joinLevels(const std::vector<int>& levels)
{
    std::string joined;
    for (int level : levels)
        joined += (joined.empty() ? "" : ",") + std::to_string(level);
    return joined;
}

template <typename Enum>
Enum parseEnum(const std::string& text, std::initializer_list<Enum> values, const char* key)
{
    for (Enum value : values)
        if (toString(value) == text)
            return value;
    throw InvalidArgumentError(std::string("result metadata: unknown value \"") + text + "\" for \"" + key + "\"");
}

nlohmann::json paramsToJson(const RigParams& params)
{
    return {{"steps", params.steps},
            {"strength", params.strength},
            {"gamma", params.gamma},
            {"guidance", params.guidance},
            {"tac_levels", params.tacLevels},
            {"tac_branches", toString(params.tacBranches)},
            {"compat", toString(params.compat)},
            {"positive_prompt", params.positivePrompt},
            {"source_prompt", params.sourcePrompt},
            {"working_size", params.workingSize},
            {"restore_input_size", params.restoreInputSize}};
}

// Reads the keys present and keeps the defaults for the others, so older files still open.
RigParams paramsFromObject(const nlohmann::json& object)
{
    RigParams params;
    params.steps = object.value("steps", params.steps);
    params.strength = object.value("strength", params.strength);
    params.gamma = object.value("gamma", params.gamma);
    params.guidance = object.value("guidance", params.guidance);
    params.tacLevels = object.value("tac_levels", params.tacLevels);
    params.tacBranches = parseEnum(object.value("tac_branches", toString(params.tacBranches)),
                                   {TacBranches::Positive, TacBranches::Both}, "tac_branches");
    params.compat = parseEnum(object.value("compat", toString(params.compat)), {CompatMode::None, CompatMode::Release},
                              "compat");
    params.positivePrompt = object.value("positive_prompt", params.positivePrompt);
    params.sourcePrompt = object.value("source_prompt", params.sourcePrompt);
    params.workingSize = object.value("working_size", params.workingSize);
    params.restoreInputSize = object.value("restore_input_size", params.restoreInputSize);
    return params;
}

} // namespace

std::string a1111Parameters(const RigParams& params, const RigMetadata& metadata)
{
    std::string line = "Steps: " + std::to_string(params.steps) + ", Sampler: DDIM, CFG scale: " +
                       number(params.guidance); // no seed: DDIM inversion with eta 0 draws nothing
    if (metadata.width > 0 && metadata.height > 0)
        line += ", Size: " + std::to_string(metadata.width) + "x" + std::to_string(metadata.height);
    if (!metadata.modelHash.empty())
        line += ", Model hash: " + a1111Value(metadata.modelHash);
    if (!metadata.modelName.empty())
        line += ", Model: " + a1111Value(metadata.modelName);
    line += ", Denoising strength: " + number(params.strength) + ", TAC gamma: " + number(params.gamma) +
            ", TAC levels: " + a1111Value(joinLevels(params.tacLevels)) +
            ", TAC branches: " + toString(params.tacBranches);
    if (!metadata.negativeEmbeddingHash.empty())
        line += ", Negative embedding hash: " + a1111Value(metadata.negativeEmbeddingHash);
    if (params.compat != CompatMode::None)
        line += ", Compat: " + toString(params.compat);
    if (!params.positivePrompt.empty())
        line += ", Prompt: " + dumpJson(params.positivePrompt);
    return validUtf8(line);
}

std::string settingsJson(const RigParams& params, const RigMetadata& metadata)
{
    const nlohmann::json document = {
        {"format", "fashionr2r-result"},
        {"version", kFormatVersion},
        {"params", paramsToJson(params)},
        {"model", {{"name", metadata.modelName}, {"hash", metadata.modelHash},
                   {"negative_embedding_hash", metadata.negativeEmbeddingHash}}},
        {"source", validUtf8(metadata.sourceFile)},
        {"source_escaped", escapeFileName(metadata.sourceFile)},
        {"source_sha256", metadata.sourceSha256},
        {"width", metadata.width},
        {"height", metadata.height}};
    return dumpJson(document);
}

RigParams paramsFromJson(const std::string& json)
{
    const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw InvalidArgumentError("result metadata: the \"fr2r\" text is not a JSON object");
    const nlohmann::json& object = document.contains("params") ? document.at("params") : document;
    if (!object.is_object())
        throw InvalidArgumentError("result metadata: \"params\" is not a JSON object");
    try {
        return paramsFromObject(object);
    } catch (const nlohmann::json::exception& error) {
        throw InvalidArgumentError(std::string("result metadata: a parameter has the wrong type (") + error.what() +
                                   ")");
    }
}

std::string sourceHashFromJson(const std::string& json)
{
    const nlohmann::json document = nlohmann::json::parse(json, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return {};
    const auto hash = document.find("source_sha256");
    return hash != document.end() && hash->is_string() ? hash->get<std::string>() : std::string();
}

std::string escapeFileName(const std::string& bytes)
{
    static const char* const digits = "0123456789ABCDEF";
    std::string escaped;
    for (size_t i = 0; i < bytes.size();) {
        const UnicodeText::Utf8Sequence sequence = UnicodeText::readUtf8(bytes, i);
        const bool keep = sequence.valid && bytes[i] != '%';
        for (size_t end = i + sequence.length; i < end; ++i) {
            const auto byte = static_cast<unsigned char>(bytes[i]);
            escaped += keep ? std::string(1, bytes[i]) : std::string{'%', digits[byte >> 4], digits[byte & 15]};
        }
    }
    return escaped;
}

std::string unescapeFileName(const std::string& escaped)
{
    std::string bytes;
    for (size_t i = 0; i < escaped.size(); ++i) {
        const int high = escaped[i] == '%' && i + 2 < escaped.size() ? hexDigit(escaped[i + 1]) : -1;
        const int low = high >= 0 ? hexDigit(escaped[i + 2]) : -1;
        if (low < 0) {
            bytes += escaped[i];
            continue;
        }
        bytes += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return bytes;
}

} // namespace fr2r::core
