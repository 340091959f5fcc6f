#include "core/io/KeyMap.h"

#include "core/api/Error.h"
#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/UNetConfig.h"

#include <cstring>

namespace fr2r::core {
namespace {

struct NamePair
{
    const char* singleFile;
    const char* diffusers;
};

// diffusers convert_from_ckpt.py renew_resnet_paths (used by
// scripts/convert_original_stable_diffusion_to_diffusers.py): LDM ResBlock -> ResnetBlock2D.
constexpr NamePair kUNetResnet[] = {
    {"in_layers.0", "norm1"},          {"in_layers.2", "conv1"},  {"emb_layers.1", "time_emb_proj"},
    {"out_layers.0", "norm2"},         {"out_layers.3", "conv2"}, {"skip_connection", "conv_shortcut"},
};

// convert_from_ckpt.py renew_vae_resnet_paths: only the shortcut is renamed.
constexpr NamePair kVaeResnet[] = {
    {"norm1", "norm1"}, {"conv1", "conv1"}, {"norm2", "norm2"}, {"conv2", "conv2"}, {"nin_shortcut", "conv_shortcut"},
};

// convert_from_ckpt.py renew_vae_attention_paths + conv_attn_to_linear: AttnBlock -> Attention.
constexpr NamePair kVaeAttention[] = {
    {"norm", "group_norm"}, {"q", "to_q"}, {"k", "to_k"}, {"v", "to_v"}, {"proj_out", "to_out.0"},
};

// diffusers modeling_utils.py _convert_deprecated_attention_blocks: old AttentionBlock names.
constexpr NamePair kDeprecatedVaeAttention[] = {
    {"query", "to_q"}, {"key", "to_k"}, {"value", "to_v"}, {"proj_attn", "to_out.0"},
};

// convert_from_ckpt.py convert_ldm_unet_checkpoint: modules outside the level loops.
constexpr NamePair kUNetTop[] = {
    {"time_embed.0", "time_embedding.linear_1"},
    {"time_embed.2", "time_embedding.linear_2"},
    {"input_blocks.0.0", "conv_in"},
    {"out.0", "conv_norm_out"},
    {"out.2", "conv_out"},
};

// convert_from_ckpt.py convert_ldm_vae_checkpoint: encoder/decoder modules outside the level loops.
constexpr NamePair kVaeTop[] = {
    {"conv_in", "conv_in"},
    {"norm_out", "conv_norm_out"},
    {"conv_out", "conv_out"},
};

// transformers' CLIPTextTransformer keeps its names in both layouts (convert_ldm_clip_checkpoint).
constexpr const char* kTextTop[] = {"embeddings.token_embedding", "embeddings.position_embedding", "final_layer_norm"};

std::pair<const NamePair*, const NamePair*> suffixTable(KeyMap::Kind kind)
{
    switch (kind) {
    case KeyMap::Kind::UNetResnet:
        return {std::begin(kUNetResnet), std::end(kUNetResnet)};
    case KeyMap::Kind::VaeResnet:
        return {std::begin(kVaeResnet), std::end(kVaeResnet)};
    case KeyMap::Kind::VaeAttention:
        return {std::begin(kVaeAttention), std::end(kVaeAttention)};
    case KeyMap::Kind::Same:
        break;
    }
    return {nullptr, nullptr};
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Renames the leading sub-module of suffix through the kind's table; nullopt when it has no row.
std::optional<std::string> renameSuffix(KeyMap::Kind kind, const std::string& suffix, bool toDiffusers)
{
    const auto [begin, end] = suffixTable(kind);
    if (!begin)
        return suffix;
    for (auto* pair = begin; pair != end; ++pair) {
        const std::string from = toDiffusers ? pair->singleFile : pair->diffusers;
        const std::string to = toDiffusers ? pair->diffusers : pair->singleFile;
        if (startsWith(suffix, from + "."))
            return to + suffix.substr(from.size());
    }
    return std::nullopt;
}

// The row whose prefix is the longest dotted prefix of key.
const size_t* findRow(const std::map<std::string, size_t>& rows, const std::string& key)
{
    for (size_t dot = key.rfind('.'); dot != std::string::npos && dot > 0; dot = key.rfind('.', dot - 1)) {
        auto it = rows.find(key.substr(0, dot));
        if (it != rows.end())
            return &it->second;
    }
    return nullptr;
}

bool hasCrossAttention(const std::string& blockType)
{
    return blockType.find("CrossAttn") != std::string::npos;
}

std::string str(size_t value)
{
    return std::to_string(value);
}

} // namespace

KeyMap::KeyMap(const UNetConfig& unet, const AutoencoderConfig& vae, const ClipTextConfig& text, std::string textPrefix)
    : m_textPrefix(std::move(textPrefix))
{
    addUNet(unet);
    addVae(vae);
    addText(text);
}

void KeyMap::add(const std::string& component, std::string singleFile, std::string diffusers, Kind kind)
{
    m_bySingleFile[singleFile] = m_modules.size();
    m_byDiffusers[component + "/" + diffusers] = m_modules.size();
    m_modules.push_back(Module{component, std::move(singleFile), std::move(diffusers), kind});
}

void KeyMap::addUNet(const UNetConfig& config)
{
    const std::string p = kUnetPrefix;
    const size_t levels = config.blockOutChannels.size();
    if (config.downBlockTypes.size() != levels || config.upBlockTypes.size() != levels || config.layersPerBlock < 1)
        throw InvalidArgumentError("UNet config: down_block_types, up_block_types and block_out_channels must have "
                                   "the same length and layers_per_block must be at least 1");
    for (const auto& pair : kUNetTop)
        add("unet", p + pair.singleFile, pair.diffusers, Kind::Same);
    // convert_ldm_unet_checkpoint: middle_block.{0,1,2} = resnet, transformer, resnet
    add("unet", p + "middle_block.0", "mid_block.resnets.0", Kind::UNetResnet);
    add("unet", p + "middle_block.1", "mid_block.attentions.0", Kind::Same);
    add("unet", p + "middle_block.2", "mid_block.resnets.1", Kind::UNetResnet);

    // input_blocks: one conv_in, then per level layers_per_block (resnet[, transformer]) and a downsampler
    const size_t perLevel = size_t(config.layersPerBlock);
    for (size_t level = 0; level < levels; ++level) {
        const std::string down = "down_blocks." + str(level);
        for (size_t layer = 0; layer < perLevel; ++layer) {
            const std::string block = p + "input_blocks." + str(1 + level * (perLevel + 1) + layer);
            add("unet", block + ".0", down + ".resnets." + str(layer), Kind::UNetResnet);
            if (hasCrossAttention(config.downBlockTypes[level]))
                add("unet", block + ".1", down + ".attentions." + str(layer), Kind::Same);
        }
        if (level + 1 < levels)
            add("unet", p + "input_blocks." + str(1 + level * (perLevel + 1) + perLevel) + ".0.op",
                down + ".downsamplers.0.conv", Kind::Same);
    }
    // output_blocks: per level layers_per_block + 1 (resnet[, transformer][, upsampler])
    for (size_t level = 0; level < levels; ++level) {
        const std::string up = "up_blocks." + str(level);
        const bool attention = hasCrossAttention(config.upBlockTypes[level]);
        for (size_t layer = 0; layer <= perLevel; ++layer) {
            const std::string block = p + "output_blocks." + str(level * (perLevel + 1) + layer);
            add("unet", block + ".0", up + ".resnets." + str(layer), Kind::UNetResnet);
            if (attention)
                add("unet", block + ".1", up + ".attentions." + str(layer), Kind::Same);
        }
        if (level + 1 < levels)
            add("unet", p + "output_blocks." + str(level * (perLevel + 1) + perLevel) + (attention ? ".2" : ".1") + ".conv",
                up + ".upsamplers.0.conv", Kind::Same);
    }
}

void KeyMap::addVae(const AutoencoderConfig& config)
{
    const std::string p = kVaePrefix;
    const size_t levels = config.blockOutChannels.size();
    for (const std::string part : {"encoder", "decoder"}) {
        for (const auto& pair : kVaeTop)
            add("vae", p + part + "." + pair.singleFile, part + "." + pair.diffusers, Kind::Same);
        add("vae", p + part + ".mid.block_1", part + ".mid_block.resnets.0", Kind::VaeResnet);
        add("vae", p + part + ".mid.block_2", part + ".mid_block.resnets.1", Kind::VaeResnet);
        if (config.midBlockAddAttention)
            add("vae", p + part + ".mid.attn_1", part + ".mid_block.attentions.0", Kind::VaeAttention);
    }
    if (config.useQuantConv)
        add("vae", p + "quant_conv", "quant_conv", Kind::Same);
    if (config.usePostQuantConv)
        add("vae", p + "post_quant_conv", "post_quant_conv", Kind::Same);

    const size_t perLevel = size_t(config.layersPerBlock);
    for (size_t level = 0; level < levels; ++level) {
        const std::string down = p + "encoder.down." + str(level);
        const std::string target = "encoder.down_blocks." + str(level);
        for (size_t layer = 0; layer < perLevel; ++layer)
            add("vae", down + ".block." + str(layer), target + ".resnets." + str(layer), Kind::VaeResnet);
        if (level + 1 < levels)
            add("vae", down + ".downsample.conv", target + ".downsamplers.0.conv", Kind::Same);
    }
    // the LDM decoder numbers its up levels from the lowest resolution upwards, diffusers the reverse
    for (size_t level = 0; level < levels; ++level) {
        const std::string up = p + "decoder.up." + str(levels - 1 - level);
        const std::string target = "decoder.up_blocks." + str(level);
        for (size_t layer = 0; layer <= perLevel; ++layer)
            add("vae", up + ".block." + str(layer), target + ".resnets." + str(layer), Kind::VaeResnet);
        if (level + 1 < levels)
            add("vae", up + ".upsample.conv", target + ".upsamplers.0.conv", Kind::Same);
    }
}

void KeyMap::addText(const ClipTextConfig& config)
{
    for (const char* name : kTextTop)
        add("text_encoder", m_textPrefix + name, name, Kind::Same);
    for (int layer = 0; layer < config.numHiddenLayers; ++layer) {
        const std::string name = "encoder.layers." + std::to_string(layer);
        add("text_encoder", m_textPrefix + name, name, Kind::Same);
    }
}

std::optional<MappedKey> KeyMap::toDiffusers(const std::string& singleFileKey) const
{
    const size_t* row = findRow(m_bySingleFile, singleFileKey);
    if (!row)
        return std::nullopt;
    const Module& module = m_modules[*row];
    const std::string suffix = singleFileKey.substr(module.singleFile.size() + 1);
    const auto renamed = renameSuffix(module.kind, suffix, true);
    if (!renamed)
        return std::nullopt;
    // conv_attn_to_linear: the 1x1 convolutions of AttnBlock become linear layers
    const bool squeeze = module.kind == Kind::VaeAttention && !startsWith(suffix, "norm.") && endsWith(suffix, ".weight");
    return MappedKey{module.component, module.diffusers + "." + *renamed, squeeze};
}

std::optional<std::string> KeyMap::toSingleFile(const std::string& component, const std::string& diffusersName) const
{
    const size_t* row = findRow(m_byDiffusers, component + "/" + diffusersName);
    if (!row)
        return std::nullopt;
    const Module& module = m_modules[*row];
    const auto renamed = renameSuffix(module.kind, diffusersName.substr(module.diffusers.size() + 1), false);
    if (!renamed)
        return std::nullopt;
    return module.singleFile + "." + *renamed;
}

std::string KeyMap::normalizeDiffusersName(const std::string& component, const std::string& name)
{
    const std::string nested = "text_model.";
    if (component == "text_encoder" && startsWith(name, nested))
        return name.substr(nested.size());
    const size_t attention = name.find(".mid_block.attentions.0.");
    if (component != "vae" || attention == std::string::npos)
        return name;
    const size_t start = attention + std::string(".mid_block.attentions.0.").size();
    const std::string suffix = name.substr(start);
    for (const auto& pair : kDeprecatedVaeAttention)
        if (startsWith(suffix, std::string(pair.singleFile) + "."))
            return name.substr(0, start) + pair.diffusers + suffix.substr(std::strlen(pair.singleFile));
    return name;
}

bool KeyMap::isBuffer(const std::string& name)
{
    return endsWith(name, "position_ids");
}

} // namespace fr2r::core
