#include "core/io/AutoencoderConfig.h"

#include "core/Error.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fr2r::core {
namespace {

// The VAE code builds only diffusers' SD-style blocks: refuse other block types instead of misloading them.
void requireBlockTypes(const ConfigReader& reader, const char* key, const std::string& expected, size_t levels)
{
    if (!reader.has(key))
        return;
    const auto types = reader.get(key, std::vector<std::string>{});
    if (types.size() != levels)
        throw reader.error(std::string("'") + key + "' has " + std::to_string(types.size())
                           + " entries but block_out_channels has " + std::to_string(levels));
    for (const auto& type : types)
        if (type != expected)
            throw reader.error(std::string("'") + key + "' entry '" + type + "' is not supported (only " + expected + ")");
}

} // namespace

AutoencoderConfig AutoencoderConfig::fromJson(const nlohmann::json& json)
{
    const ConfigReader reader(json, "vae config.json");
    AutoencoderConfig config;
    reader.read("in_channels", config.inChannels);
    reader.read("out_channels", config.outChannels);
    reader.read("block_out_channels", config.blockOutChannels);
    reader.read("layers_per_block", config.layersPerBlock);
    reader.read("latent_channels", config.latentChannels);
    reader.read("norm_num_groups", config.normNumGroups);
    reader.read("scaling_factor", config.scalingFactor);
    reader.read("use_quant_conv", config.useQuantConv);
    reader.read("use_post_quant_conv", config.usePostQuantConv);
    reader.read("mid_block_add_attention", config.midBlockAddAttention);
    reader.read("force_upcast", config.forceUpcast);
    requireBlockTypes(reader, "down_block_types", "DownEncoderBlock2D", config.blockOutChannels.size());
    requireBlockTypes(reader, "up_block_types", "UpDecoderBlock2D", config.blockOutChannels.size());
    const std::string activation = reader.get("act_fn", std::string("silu"));
    if (activation != "silu")
        throw reader.error("act_fn '" + activation + "' is not supported (only silu)");
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
