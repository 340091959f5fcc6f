#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace fr2r::core {

// diffusers.AutoencoderKL constructor arguments.
struct AutoencoderConfig
{
    int inChannels = 3;
    int outChannels = 3;
    std::vector<int> blockOutChannels{128, 256, 512, 512};
    int layersPerBlock = 2;
    int latentChannels = 4;
    int normNumGroups = 32;
    double scalingFactor = 0.18215;
    bool forceUpcast = true; // run in float32 when the rest of the model is float16 (see autoencoderDtype)
    bool useQuantConv = true;
    bool usePostQuantConv = true;
    bool midBlockAddAttention = true;

    // file names the source in error messages (a config.json, or a single file the sizes were inferred from).
    static AutoencoderConfig fromJson(const nlohmann::json& json, const std::string& file = "vae/config.json");
    static AutoencoderConfig sd15();

    // Throws ModelFormatError naming file and key when a value is out of its range or inconsistent.
    void validate(const std::string& file) const;
};

} // namespace fr2r::core
