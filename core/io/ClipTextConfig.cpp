#include "core/io/ClipTextConfig.h"

#include "core/Error.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>

namespace fr2r::core {

ClipTextConfig ClipTextConfig::fromJson(const nlohmann::json& json)
{
    // A full CLIPConfig nests the text tower's settings under text_config.
    const nlohmann::json& text = json.contains("text_config") ? json.at("text_config") : json;
    const ConfigReader reader(text, "text_encoder config.json");
    ClipTextConfig config;
    reader.read("vocab_size", config.vocabSize);
    reader.read("hidden_size", config.hiddenSize);
    reader.read("intermediate_size", config.intermediateSize);
    reader.read("num_hidden_layers", config.numHiddenLayers);
    reader.read("num_attention_heads", config.numAttentionHeads);
    reader.read("max_position_embeddings", config.maxPositionEmbeddings);
    reader.read("hidden_act", config.hiddenAct);
    reader.read("layer_norm_eps", config.layerNormEps);
    reader.read("bos_token_id", config.bosTokenId);
    reader.read("eos_token_id", config.eosTokenId);
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
