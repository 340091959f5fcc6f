#pragma once

#include <string>

namespace fr2r::core {

// A domain pack folder as inference reads it (core/training writes it): lora.safetensors, the rendered-domain
// negative_embedding.safetensors and what pack.json says about them.
struct DomainPackFolder
{
    static constexpr const char* kLoraFile = "lora.safetensors";
    static constexpr const char* kEmbeddingFile = "negative_embedding.safetensors";
    static constexpr const char* kInfoFile = "pack.json";
    static constexpr int kFormatVersion = 1;

    std::string loraPath;
    std::string negativeEmbeddingPath;
    std::string baseModelSha256; // of the weights it was trained on (hashOfModelWeights)
    std::string token;           // the rendered-domain token
    std::string targetPrompt;    // the prompt the LoRA was trained with
    double strength = 0.3;       // recommended RIG settings
    double gamma = 0.9;

    // Throws ModelFormatError naming the file (and the key) that is missing, unreadable or of another format.
    static DomainPackFolder open(const std::string& folder);
};

} // namespace fr2r::core
