#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace fr2r::core {

// diffusers.UNet2DConditionModel constructor arguments that SD 1.x-shaped models use.
struct UNetConfig
{
    int inChannels = 4;
    int outChannels = 4;
    std::vector<std::string> downBlockTypes{"CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                            "DownBlock2D"};
    std::vector<std::string> upBlockTypes{"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D",
                                          "CrossAttnUpBlock2D"};
    std::vector<int> blockOutChannels{320, 640, 1280, 1280};
    int layersPerBlock = 2;
    int crossAttentionDim = 768;
    std::vector<int> attentionHeadDim{8, 8, 8, 8}; // heads per level (diffusers' naming quirk for SD 1.x)
    int normNumGroups = 32;
    double normEps = 1e-5;
    int transformerLayersPerBlock = 1;
    bool useLinearProjection = false;
    bool flipSinToCos = true;
    int freqShift = 0;
    int sampleSize = 64;

    // file names the source in error messages (a config.json, or a single file the sizes were inferred from).
    static UNetConfig fromJson(const nlohmann::json& json, const std::string& file = "unet/config.json");
    static UNetConfig sd15();

    // Throws ModelFormatError naming file and key when a value is out of its range or inconsistent.
    void validate(const std::string& file) const;
};

} // namespace fr2r::core
