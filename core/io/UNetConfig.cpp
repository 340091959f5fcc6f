#include "core/io/UNetConfig.h"

#include "core/Error.h"
#include "core/io/ConfigReader.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fr2r::core {
namespace {

const char* const kSource = "unet config.json";

ModelFormatError configError(const std::string& what)
{
    return ModelFormatError(std::string(kSource) + ": " + what);
}

// An int or a per-level list (diffusers accepts both) -> one value per level.
std::vector<int> perLevel(const nlohmann::json& value, size_t levels, const char* key)
{
    std::vector<int> result = value.is_array() ? value.get<std::vector<int>>() : std::vector<int>(levels, value.get<int>());
    if (result.size() != levels)
        throw configError(std::string("'") + key + "' has " + std::to_string(result.size()) + " entries for "
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

void validate(const UNetConfig& config)
{
    const size_t levels = config.blockOutChannels.size();
    if (levels == 0 || config.downBlockTypes.size() != levels || config.upBlockTypes.size() != levels)
        throw configError("block_out_channels, down_block_types and up_block_types must have the same, non-zero length");
    for (const std::string& type : config.downBlockTypes)
        if (type != "CrossAttnDownBlock2D" && type != "DownBlock2D")
            throw configError("unsupported down block type '" + type + "'");
    for (const std::string& type : config.upBlockTypes)
        if (type != "CrossAttnUpBlock2D" && type != "UpBlock2D")
            throw configError("unsupported up block type '" + type + "'");
    if (config.attentionHeadDim.size() != levels)
        throw configError("attention_head_dim needs one entry per block");
    for (size_t i = 0; i < levels; ++i) {
        const int channels = config.blockOutChannels[i];
        if (channels < 1 || config.normNumGroups < 1 || channels % config.normNumGroups != 0)
            throw configError("block_out_channels " + std::to_string(channels) + " is not a positive multiple of "
                              "norm_num_groups " + std::to_string(config.normNumGroups));
        if (config.attentionHeadDim[i] < 1 || channels % config.attentionHeadDim[i] != 0)
            throw configError("block_out_channels " + std::to_string(channels) + " is not divisible by "
                              + std::to_string(config.attentionHeadDim[i]) + " attention heads");
    }
    if (config.inChannels < 1 || config.outChannels < 1 || config.layersPerBlock < 1 || config.crossAttentionDim < 1
        || config.transformerLayersPerBlock < 1)
        throw configError("in_channels, out_channels, layers_per_block, cross_attention_dim and "
                          "transformer_layers_per_block must be positive");
}

} // namespace

UNetConfig UNetConfig::fromJson(const nlohmann::json& json)
{
    const ConfigReader reader(json, kSource);
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
    if (!reader.has(headsKey)) {
        config.attentionHeadDim.assign(config.blockOutChannels.size(), 8);
    } else {
        try {
            config.attentionHeadDim = perLevel(reader.at(headsKey), config.blockOutChannels.size(), headsKey);
        } catch (const nlohmann::json::exception& error) {
            throw reader.wrongType(headsKey, error);
        }
    }
    validate(config);
    return config;
}

UNetConfig UNetConfig::sd15()
{
    return UNetConfig{}; // the defaults are runwayml/stable-diffusion-v1-5's unet/config.json
}

} // namespace fr2r::core
