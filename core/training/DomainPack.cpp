#include "core/training/DomainPack.h"

#include "core/api/AtomicFile.h"
#include "core/io/SafeTensorsFile.h"
#include "core/training/LoraLayers.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>

namespace fr2r::core {

void writeDomainPack(const std::string& folder, const LoraLayers& lora, const at::Tensor& embeddingRows,
                     const DomainPackInfo& info)
{
    const auto root = std::filesystem::u8path(folder);
    std::filesystem::create_directories(root);
    std::vector<std::pair<std::string, at::Tensor>> matrices;
    for (const auto& [key, matrix] : lora.namedMatrices(lora.scale()))
        matrices.emplace_back(key, matrix.to(torch::kCPU, torch::kFloat32).contiguous());
    writeSafeTensors((root / "lora.safetensors").u8string(), matrices, {{"format", "pt"}});
    writeSafeTensors((root / "negative_embedding.safetensors").u8string(),
                     {{info.token, embeddingRows.detach().to(torch::kCPU, torch::kFloat32).contiguous()}},
                     {{"format", "pt"}});
    const nlohmann::json pack = {
        {"format_version", 1},
        {"base_model_sha256", info.baseModelSha256},
        {"token", info.token},
        {"prompts", {{"target", info.targetPrompt}, {"source", info.sourcePrompt}, {"negative", info.token}}},
        {"recommended", {{"strength", info.strength}, {"gamma", info.gamma}}},
        {"lora", {{"file", "lora.safetensors"}, {"rank", info.loraSettings.rank}, {"alpha", info.loraSettings.alpha},
                  {"settings", info.loraSettings.toJson()}, {"loss_history", info.loraLoss}}},
        {"negative_embedding", {{"file", "negative_embedding.safetensors"}, {"vectors", embeddingRows.size(0)},
                                {"settings", info.embeddingSettings.toJson()}, {"loss_history", info.embeddingLoss}}}};
    const std::string text = pack.dump(1);
    AtomicFile file((root / "pack.json").u8string());
    file.write(text.data(), text.size());
    file.commit();
}

} // namespace fr2r::core
