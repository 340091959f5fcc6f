#pragma once

#include "core/api/TrainingSettings.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace fr2r::core {

class LoraLayers;

// What a domain pack records beside its weights (pack.json).
struct DomainPackInfo
{
    std::string baseModelSha256; // of the base model's weights (the UNet file of a diffusers folder)
    std::string token;           // the rendered-domain token, e.g. "<rendered>"
    std::string targetPrompt;    // the positive prompt the LoRA was trained with
    std::string sourcePrompt;
    double strength = 0.3;       // recommended RIG settings
    double gamma = 0.9;
    TrainingSettings loraSettings;
    TrainingSettings embeddingSettings;
    std::vector<double> loraLoss;
    std::vector<double> embeddingLoss;
};

// Writes a domain pack folder: lora.safetensors (diffusers/PEFT keys, alpha / rank folded into lora_B as
// PEFT files carry no alpha), negative_embedding.safetensors (diffusers' learned_embeds layout: {token: [n, dim]})
// and pack.json (format_version 1), each atomically. Creates the folder; throws fr2r::Error naming a file.
void writeDomainPack(const std::string& folder, const LoraLayers& lora, const at::Tensor& embeddingRows,
                     const DomainPackInfo& info);

} // namespace fr2r::core
