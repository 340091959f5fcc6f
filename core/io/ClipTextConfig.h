#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace fr2r::core {

// transformers.CLIPTextConfig fields the text encoder needs.
struct ClipTextConfig
{
    int vocabSize = 49408;
    int hiddenSize = 768;
    int intermediateSize = 3072;
    int numHiddenLayers = 12;
    int numAttentionHeads = 12;
    int maxPositionEmbeddings = 77;
    std::string hiddenAct = "quick_gelu";
    double layerNormEps = 1e-5;
    int bosTokenId = 49406;
    int eosTokenId = 49407;

    // file names the source in error messages (a config.json, or a single file the sizes were inferred from).
    static ClipTextConfig fromJson(const nlohmann::json& json, const std::string& file = "text_encoder/config.json");
    static ClipTextConfig sd15();

    // Throws ModelFormatError naming file and key when a value is out of its range or inconsistent.
    void validate(const std::string& file) const;
};

} // namespace fr2r::core
