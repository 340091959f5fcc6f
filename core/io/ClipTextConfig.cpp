#include "core/io/ClipTextConfig.h"

#include "core/Error.h"

#include <nlohmann/json.hpp>

namespace fr2r::core {

ClipTextConfig ClipTextConfig::fromJson(const nlohmann::json& json)
{
    // A full CLIPConfig nests the text tower's settings under text_config.
    const nlohmann::json& text = json.contains("text_config") ? json.at("text_config") : json;
    if (!text.is_object())
        throw ModelFormatError("text_encoder config.json: expected a JSON object");
    ClipTextConfig config;
    std::string key; // the key being read, for the error message
    const auto read = [&](const char* name, auto& field) {
        key = name;
        field = text.value(name, field);
    };
    try {
        read("vocab_size", config.vocabSize);
        read("hidden_size", config.hiddenSize);
        read("intermediate_size", config.intermediateSize);
        read("num_hidden_layers", config.numHiddenLayers);
        read("num_attention_heads", config.numAttentionHeads);
        read("max_position_embeddings", config.maxPositionEmbeddings);
        read("hidden_act", config.hiddenAct);
        read("layer_norm_eps", config.layerNormEps);
        read("bos_token_id", config.bosTokenId);
        read("eos_token_id", config.eosTokenId);
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError("text_encoder config.json: '" + key + "' has the wrong type (" + error.what() + ")");
    }
    if (config.vocabSize < 1 || config.hiddenSize < 1 || config.intermediateSize < 1 || config.numHiddenLayers < 1
        || config.maxPositionEmbeddings < 1)
        throw ModelFormatError("text_encoder config.json: vocab_size, hidden_size, intermediate_size, "
                               "num_hidden_layers and max_position_embeddings must be positive");
    if (config.numAttentionHeads < 1 || config.hiddenSize % config.numAttentionHeads != 0)
        throw ModelFormatError("text_encoder config.json: hidden_size " + std::to_string(config.hiddenSize)
                               + " is not divisible by num_attention_heads "
                               + std::to_string(config.numAttentionHeads));
    return config;
}

ClipTextConfig ClipTextConfig::sd15()
{
    return ClipTextConfig{}; // the defaults are openai/clip-vit-large-patch14's text tower
}

} // namespace fr2r::core
