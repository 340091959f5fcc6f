#include "core/io/UNetConfig.h"

#include "core/Error.h"

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
void rejectUnsupported(const nlohmann::json& json)
{
    const auto isSet = [&](const char* key) { return json.contains(key) && !json.at(key).is_null(); };
    for (const char* key : {"class_embed_type", "addition_embed_type", "encoder_hid_dim", "time_cond_proj_dim",
                            "num_class_embeds", "time_embedding_dim"})
        if (isSet(key))
            throw configError(std::string("'") + key + "' is set: only Stable Diffusion 1.x/2.x UNets are supported");
    const auto requireValue = [&](const char* key, const nlohmann::json& expected) {
        if (isSet(key) && json.at(key) != expected)
            throw configError(std::string("'") + key + "' = " + json.at(key).dump() + " is not supported (only "
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
    if (!json.is_object())
        throw configError("expected a JSON object");
    rejectUnsupported(json);
    UNetConfig config;
    std::string key; // the key being read, for the error message
    const auto has = [&](const char* name) { return json.contains(name) && !json.at(name).is_null(); };
    const auto read = [&](const char* name, auto& field) {
        key = name;
        if (has(name))
            json.at(name).get_to(field);
    };
    try {
        read("in_channels", config.inChannels);
        read("out_channels", config.outChannels);
        read("down_block_types", config.downBlockTypes);
        read("up_block_types", config.upBlockTypes);
        read("block_out_channels", config.blockOutChannels);
        read("layers_per_block", config.layersPerBlock);
        read("cross_attention_dim", config.crossAttentionDim);
        read("norm_num_groups", config.normNumGroups);
        read("norm_eps", config.normEps);
        read("transformer_layers_per_block", config.transformerLayersPerBlock);
        read("use_linear_projection", config.useLinearProjection);
        read("flip_sin_to_cos", config.flipSinToCos);
        read("freq_shift", config.freqShift);
        read("sample_size", config.sampleSize);
        // diffusers: num_attention_heads = num_attention_heads or attention_head_dim (the SD 1.x naming quirk).
        key = has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
        if (has(key.c_str()))
            config.attentionHeadDim = perLevel(json.at(key), config.blockOutChannels.size(), key.c_str());
        else
            config.attentionHeadDim.assign(config.blockOutChannels.size(), 8);
    } catch (const nlohmann::json::exception& error) {
        throw configError("'" + key + "' has the wrong type (" + error.what() + ")");
    }
    validate(config);
    return config;
}

UNetConfig UNetConfig::sd15()
{
    return UNetConfig{}; // the defaults are runwayml/stable-diffusion-v1-5's unet/config.json
}

} // namespace fr2r::core
