#include "core/io/UNetConfig.h"

#include "core/api/Error.h"
#include "core/io/ConfigBounds.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>


namespace fr2r::core {
namespace {

// Generous limits: a few times the largest Stable Diffusion (SDXL) values, far below what would exhaust memory.
constexpr int kMaxTransformerLayers = 32;
constexpr int kMaxContextDim = 8192;
constexpr int kMaxHeads = 128;
constexpr int kMaxSampleSize = 1024;

// An int or a per-level list (diffusers accepts both) -> one value per level.
std::vector<int> perLevel(const ConfigReader& reader, const char* key, size_t levels)
{
    const nlohmann::json& value = reader.at(key);
    std::vector<int> result;
    try {
        result = value.is_array() ? value.get<std::vector<int>>() : std::vector<int>(levels, value.get<int>());
    } catch (const nlohmann::json::exception& error) {
        throw reader.wrongType(key, error);
    }
    if (result.size() != levels)
        throw reader.error(std::string("'") + key + "' has " + std::to_string(result.size()) + " entries for "
                           + std::to_string(levels) + " blocks");
    return result;
}

// Settings of other UNet families that this port does not implement: refuse rather than compute wrongly.
void rejectUnsupported(const ConfigReader& reader)
{
    for (const char* key : {"class_embed_type", "addition_embed_type", "encoder_hid_dim", "time_cond_proj_dim",
                            "num_class_embeds", "time_embedding_dim"})
        if (reader.has(key))
            throw reader.error(std::string("'") + key + "' is set: only Stable Diffusion 1.x/2.x UNets are supported");
    const auto requireValue = [&](const char* key, const nlohmann::json& expected) {
        if (reader.has(key) && reader.at(key) != expected)
            throw reader.error(std::string("'") + key + "' = " + reader.at(key).dump() + " is not supported (only "
                               + expected.dump() + ")");
    };
    requireValue("mid_block_type", "UNetMidBlock2DCrossAttn");
    requireValue("time_embedding_type", "positional");
    requireValue("resnet_time_scale_shift", "default");
    requireValue("act_fn", "silu");
    requireValue("only_cross_attention", false);
    requireValue("dual_cross_attention", false);
    requireValue("center_input_sample", false);
    requireValue("conv_in_kernel", 3);
    requireValue("conv_out_kernel", 3);
    requireValue("downsample_padding", 1);
    requireValue("mid_block_scale_factor", 1);
}

void requireBlockTypes(const ConfigBounds& bounds, const UNetConfig& config)
{
    const size_t levels = config.blockOutChannels.size();
    bounds.requireCount("block_out_channels", levels, 1, ConfigBounds::kMaxLevels);
    if (config.downBlockTypes.size() != levels || config.upBlockTypes.size() != levels)
        throw bounds.error("block_out_channels, down_block_types and up_block_types must have the same length");
    for (const std::string& type : config.downBlockTypes)
        if (type != "CrossAttnDownBlock2D" && type != "DownBlock2D")
            throw bounds.error("unsupported down block type '" + type + "'");
    for (const std::string& type : config.upBlockTypes)
        if (type != "CrossAttnUpBlock2D" && type != "UpBlock2D")
            throw bounds.error("unsupported up block type '" + type + "'");
    if (config.attentionHeadDim.size() != levels)
        throw bounds.error("attention_head_dim needs one entry per block");
}

} // namespace

UNetConfig UNetConfig::fromJson(const nlohmann::json& json, const std::string& file)
{
    const ConfigReader reader(json, file);
    rejectUnsupported(reader);
    UNetConfig config;
    reader.read("in_channels", config.inChannels);
    reader.read("out_channels", config.outChannels);
    reader.read("down_block_types", config.downBlockTypes);
    reader.read("up_block_types", config.upBlockTypes);
    reader.read("block_out_channels", config.blockOutChannels);
    reader.read("layers_per_block", config.layersPerBlock);
    reader.read("cross_attention_dim", config.crossAttentionDim);
    reader.read("norm_num_groups", config.normNumGroups);
    reader.read("norm_eps", config.normEps);
    reader.read("transformer_layers_per_block", config.transformerLayersPerBlock);
    reader.read("use_linear_projection", config.useLinearProjection);
    reader.read("flip_sin_to_cos", config.flipSinToCos);
    reader.read("freq_shift", config.freqShift);
    reader.read("sample_size", config.sampleSize);
    // diffusers: num_attention_heads = num_attention_heads or attention_head_dim (the SD 1.x naming quirk).
    const char* headsKey = reader.has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
    if (reader.has(headsKey))
        config.attentionHeadDim = perLevel(reader, headsKey, config.blockOutChannels.size());
    else
        config.attentionHeadDim.assign(config.blockOutChannels.size(), 8);
    config.validate(file);
    return config;
}

void UNetConfig::validate(const std::string& file) const
{
    const ConfigBounds bounds(file);
    requireBlockTypes(bounds, *this);
    bounds.require("in_channels", inChannels, 1, ConfigBounds::kMaxLatentChannels);
    bounds.require("out_channels", outChannels, 1, ConfigBounds::kMaxLatentChannels);
    bounds.require("layers_per_block", layersPerBlock, 1, ConfigBounds::kMaxLayers);
    bounds.require("transformer_layers_per_block", transformerLayersPerBlock, 1, kMaxTransformerLayers);
    bounds.require("cross_attention_dim", crossAttentionDim, 1, kMaxContextDim);
    bounds.require("norm_num_groups", normNumGroups, 1, ConfigBounds::kMaxGroups);
    bounds.require("sample_size", sampleSize, 1, kMaxSampleSize);
    bounds.require("freq_shift", freqShift, 0, 1);
    bounds.requirePositive("norm_eps", normEps, 1.0);
    bounds.requireEach("block_out_channels", blockOutChannels, 1, ConfigBounds::kMaxChannels);
    bounds.requireEach("attention_head_dim", attentionHeadDim, 1, kMaxHeads);
    for (size_t i = 0; i < blockOutChannels.size(); ++i) {
        const int channels = blockOutChannels[i];
        if (channels % normNumGroups != 0)
            throw bounds.error("block_out_channels[" + std::to_string(i) + "] = " + std::to_string(channels)
                               + " is not a multiple of norm_num_groups " + std::to_string(normNumGroups));
        if (channels % attentionHeadDim[i] != 0)
            throw bounds.error("block_out_channels[" + std::to_string(i) + "] = " + std::to_string(channels)
                               + " is not divisible by " + std::to_string(attentionHeadDim[i]) + " attention heads");
    }
}

UNetConfig UNetConfig::sd15()
{
    return UNetConfig{}; // the defaults are runwayml/stable-diffusion-v1-5's unet/config.json
}

} // namespace fr2r::core
