#include "core/io/ClipTextConfig.h"

#include "core/api/Error.h"
#include "core/io/ConfigBounds.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>

namespace fr2r::core {

namespace {

// Generous limits: a few times the largest CLIP text towers (ViT-bigG: 1280 wide, 32 layers).
constexpr int kMaxVocabulary = 1 << 20;
constexpr int kMaxWidth = 8192;
constexpr int kMaxIntermediate = 32768;
constexpr int kMaxLayers = 96;
constexpr int kMaxHeads = 128;
constexpr int kMaxPositions = 1024;

} // namespace

ClipTextConfig ClipTextConfig::fromJson(const nlohmann::json& json, const std::string& file)
{
    // A full CLIPConfig nests the text tower's settings under text_config.
    const nlohmann::json& text = json.contains("text_config") ? json.at("text_config") : json;
    const ConfigReader reader(text, file);
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
    config.validate(file);
    return config;
}

void ClipTextConfig::validate(const std::string& file) const
{
    const ConfigBounds bounds(file);
    bounds.require("vocab_size", vocabSize, 1, kMaxVocabulary);
    bounds.require("hidden_size", hiddenSize, 1, kMaxWidth);
    bounds.require("intermediate_size", intermediateSize, 1, kMaxIntermediate);
    bounds.require("num_hidden_layers", numHiddenLayers, 1, kMaxLayers);
    bounds.require("num_attention_heads", numAttentionHeads, 1, kMaxHeads);
    bounds.require("max_position_embeddings", maxPositionEmbeddings, 1, kMaxPositions);
    bounds.requirePositive("layer_norm_eps", layerNormEps, 1.0);
    if (hiddenSize % numAttentionHeads != 0)
        throw bounds.error("hidden_size " + std::to_string(hiddenSize) + " is not divisible by num_attention_heads "
                           + std::to_string(numAttentionHeads));
}

ClipTextConfig ClipTextConfig::sd15()
{
    return ClipTextConfig{}; // the defaults are openai/clip-vit-large-patch14's text tower
}

} // namespace fr2r::core
