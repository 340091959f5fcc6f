#include "core/io/AutoencoderConfig.h"

#include "core/Error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fr2r::core {
namespace {

// The VAE code builds only diffusers' SD-style blocks: refuse other block types instead of misloading them.
void requireBlockTypes(const nlohmann::json& json, const char* key, const std::string& expected, size_t levels)
{
    if (!json.contains(key))
        return;
    const auto types = json.at(key).get<std::vector<std::string>>();
    if (types.size() != levels)
        throw ModelFormatError(std::string("vae config.json: '") + key + "' has " + std::to_string(types.size())
                               + " entries but block_out_channels has " + std::to_string(levels));
    for (const auto& type : types)
        if (type != expected)
            throw ModelFormatError(std::string("vae config.json: '") + key + "' entry '" + type
                                   + "' is not supported (only " + expected + ")");
}

} // namespace

AutoencoderConfig AutoencoderConfig::fromJson(const nlohmann::json& json)
{
    if (!json.is_object())
        throw ModelFormatError("vae config.json: expected a JSON object");
    AutoencoderConfig config;
    std::string key; // the key being read, for the error message
    const auto read = [&](const char* name, auto& field) {
        key = name;
        field = json.value(name, field);
    };
    try {
        read("in_channels", config.inChannels);
        read("out_channels", config.outChannels);
        read("block_out_channels", config.blockOutChannels);
        read("layers_per_block", config.layersPerBlock);
        read("latent_channels", config.latentChannels);
        read("norm_num_groups", config.normNumGroups);
        read("scaling_factor", config.scalingFactor);
        read("use_quant_conv", config.useQuantConv);
        read("use_post_quant_conv", config.usePostQuantConv);
        read("mid_block_add_attention", config.midBlockAddAttention);
        read("force_upcast", config.forceUpcast);
        key = "down_block_types";
        requireBlockTypes(json, "down_block_types", "DownEncoderBlock2D", config.blockOutChannels.size());
        key = "up_block_types";
        requireBlockTypes(json, "up_block_types", "UpDecoderBlock2D", config.blockOutChannels.size());
        key = "act_fn";
        if (json.value("act_fn", std::string("silu")) != "silu")
            throw ModelFormatError("vae config.json: act_fn '" + json.at("act_fn").get<std::string>()
                                   + "' is not supported (only silu)");
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError("vae config.json: '" + key + "' has the wrong type (" + error.what() + ")");
    }
    if (config.inChannels < 1 || config.outChannels < 1 || config.latentChannels < 1 || config.layersPerBlock < 1
        || config.normNumGroups < 1 || config.blockOutChannels.empty())
        throw ModelFormatError("vae config.json: channel counts, layers_per_block, norm_num_groups and "
                               "block_out_channels must be positive and non-empty");
    for (int channels : config.blockOutChannels)
        if (channels < 1 || channels % config.normNumGroups != 0)
            throw ModelFormatError("vae config.json: block_out_channels entry " + std::to_string(channels)
                                   + " is not a positive multiple of norm_num_groups "
                                   + std::to_string(config.normNumGroups));
    return config;
}

AutoencoderConfig AutoencoderConfig::sd15()
{
    return AutoencoderConfig{}; // the defaults are Stable Diffusion 1.5's VAE
}

} // namespace fr2r::core
