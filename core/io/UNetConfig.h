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

    static UNetConfig fromJson(const nlohmann::json& json); // throws ModelFormatError
    static UNetConfig sd15();
};

} // namespace fr2r::core
