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

    static ClipTextConfig fromJson(const nlohmann::json& json); // throws ModelFormatError
    static ClipTextConfig sd15();
};

} // namespace fr2r::core
