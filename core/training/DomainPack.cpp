#include "core/training/DomainPack.h"

#include "core/io/DomainPackFolder.h"
#include "core/io/JsonFile.h"
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
    writeSafeTensors((root / DomainPackFolder::kLoraFile).u8string(), matrices, {{"format", "pt"}});
    writeSafeTensors((root / DomainPackFolder::kEmbeddingFile).u8string(),
                     {{info.token, embeddingRows.detach().to(torch::kCPU, torch::kFloat32).contiguous()}},
                     {{"format", "pt"}});
    const nlohmann::json pack = {
        {"format_version", DomainPackFolder::kFormatVersion},
        {"base_model_sha256", info.baseModelSha256},
        {"token", info.token},
        {"prompts", {{"target", info.targetPrompt}, {"source", info.sourcePrompt}, {"negative", info.token}}},
        {"recommended", {{"strength", info.strength}, {"gamma", info.gamma}}},
        {"lora", {{"file", DomainPackFolder::kLoraFile}, {"rank", info.loraSettings.rank}, {"alpha", info.loraSettings.alpha},
                  {"settings", info.loraSettings.toJson()}, {"loss_history", info.loraLoss}}},
        {"negative_embedding", {{"file", DomainPackFolder::kEmbeddingFile}, {"vectors", embeddingRows.size(0)},
                                {"settings", info.embeddingSettings.toJson()}, {"loss_history", info.embeddingLoss}}}};
    writeJsonFile((root / DomainPackFolder::kInfoFile).u8string(), pack);
}

} // namespace fr2r::core
