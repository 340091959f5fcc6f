#include "core/io/AutoencoderConfig.h"

#include "core/api/Error.h"
#include "core/io/ConfigBounds.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fr2r::core {
namespace {

// Generous limits: a few times Stable Diffusion's VAE, far below what would exhaust memory.
constexpr int kMaxImageChannels = 16;
constexpr double kMaxScalingFactor = 100.0;

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

AutoencoderConfig AutoencoderConfig::fromJson(const nlohmann::json& json, const std::string& file)
{
    const ConfigReader reader(json, file);
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
    config.validate(file);
    return config;
}

void AutoencoderConfig::validate(const std::string& file) const
{
    const ConfigBounds bounds(file);
    bounds.requireCount("block_out_channels", blockOutChannels.size(), 1, ConfigBounds::kMaxLevels);
    bounds.require("in_channels", inChannels, 1, kMaxImageChannels);
    bounds.require("out_channels", outChannels, 1, kMaxImageChannels);
    bounds.require("latent_channels", latentChannels, 1, ConfigBounds::kMaxLatentChannels);
    bounds.require("layers_per_block", layersPerBlock, 1, ConfigBounds::kMaxLayers);
    bounds.require("norm_num_groups", normNumGroups, 1, ConfigBounds::kMaxGroups);
    bounds.requirePositive("scaling_factor", scalingFactor, kMaxScalingFactor);
    bounds.requireEach("block_out_channels", blockOutChannels, 1, ConfigBounds::kMaxChannels);
    for (size_t i = 0; i < blockOutChannels.size(); ++i)
        if (blockOutChannels[i] % normNumGroups != 0)
            throw bounds.error("block_out_channels[" + std::to_string(i) + "] = " + std::to_string(blockOutChannels[i])
                               + " is not a multiple of norm_num_groups " + std::to_string(normNumGroups));
}

AutoencoderConfig AutoencoderConfig::sd15()
{
    return AutoencoderConfig{}; // the defaults are Stable Diffusion 1.5's VAE
}

} // namespace fr2r::core
