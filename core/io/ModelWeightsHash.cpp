#include "core/io/ModelWeightsHash.h"

#include "core/api/Sha256.h"

#include <filesystem>

namespace fr2r::core {

std::string hashOfModelWeights(const std::string& modelPath)
{
    const auto path = std::filesystem::u8path(modelPath);
    if (!std::filesystem::is_directory(path))
        return sha256File(modelPath);
    for (const char* name : {"unet/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.fp16.safetensors"})
        if (std::filesystem::exists(path / name))
            return sha256File((path / name).u8string());
    return {};
}

} // namespace fr2r::core
