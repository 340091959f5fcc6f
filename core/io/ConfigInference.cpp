#include "core/io/ConfigInference.h"

#include "core/api/Error.h"
#include "core/io/KeyMap.h"
#include "core/io/SafeTensorsFile.h"

#include <algorithm>

namespace fr2r::core {
namespace {

constexpr int kSd1HeadsPerLevel = 8;  // diffusers' attention_head_dim of SD 1.x: heads, not a width
constexpr int kClipHeadWidth = 64;    // CLIP ViT-L/14 text encoder: 768 / 12
constexpr int kSmallClipHeadWidth = 8; // below one 64-wide head (tiny test models): 32 / 4

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool anyKey(const SafeTensorsFile& file, const std::function<bool(const std::string&)>& predicate)
{
    return std::any_of(file.tensors().begin(), file.tensors().end(),
                       [&](const TensorInfo& info) { return predicate(info.name); });
}

bool isLoraKey(const std::string& key)
{
    for (const char* marker : {".lora_A.", ".lora_B.", ".lora_down.", ".lora_up.", ".lora.down.", ".lora.up."})
        if (key.find(marker) != std::string::npos)
            return true;
    return startsWith(key, "lora_") || startsWith(key, "lora.");
}

bool isEmbeddingFile(const SafeTensorsFile& file)
{
    // diffusers' learned_embeds ({token: [n, dim]}) and A1111's emb_params / string_to_param
    if (file.contains("emb_params") || anyKey(file, [](const auto& key) { return startsWith(key, "string_to_param"); }))
        return true;
    return !file.tensors().empty() && file.tensors().size() <= 16 &&
           std::all_of(file.tensors().begin(), file.tensors().end(), [](const TensorInfo& info) {
               return info.name.find('.') == std::string::npos && info.shape.size() <= 2;
           });
}

std::string firstKeys(const SafeTensorsFile& file)
{
    std::string list;
    for (size_t i = 0; i < file.tensors().size() && i < 3; ++i)
        list += (i ? ", " : "") + file.tensors()[i].name;
    return list.empty() ? "no tensors at all" : "keys " + list + ", ...";
}

} // namespace

ConfigInference::ConfigInference(const SafeTensorsFile& file)
    : m_file(file)
{
    const std::string problem = describeIfNotSd1(file);
    if (!problem.empty())
        throw ModelFormatError(file.path() + ": this looks like " + problem +
                               ". FashionR2R needs a Stable Diffusion 1.x checkpoint: a single .safetensors file with "
                               "model.diffusion_model.*, first_stage_model.* and cond_stage_model.transformer.* "
                               "tensors, or a diffusers folder with model_index.json");
    m_textPrefix = has(std::string(KeyMap::kTextPrefix) + "embeddings.token_embedding.weight") ? KeyMap::kTextPrefix
                                                                                                 : KeyMap::kTextPrefixFlat;
}

std::string ConfigInference::describeIfNotSd1(const SafeTensorsFile& file)
{
    auto withPrefix = [&](const std::string& prefix) {
        return anyKey(file, [&](const auto& key) { return startsWith(key, prefix); });
    };
    const bool unet = withPrefix(KeyMap::kUnetPrefix);
    const bool vae = withPrefix(KeyMap::kVaePrefix);
    const bool text = withPrefix(std::string(KeyMap::kTextPrefixFlat) + "embeddings.") ||
                      withPrefix(std::string(KeyMap::kTextPrefix) + "embeddings.");
    if (withPrefix("conditioner.embedders."))
        return "an SDXL checkpoint (conditioner.embedders.* keys)";
    if (withPrefix("cond_stage_model.model."))
        return "a Stable Diffusion 2.x checkpoint (OpenCLIP text encoder, cond_stage_model.model.* keys)";
    if (anyKey(file, isLoraKey))
        return "a LoRA file (lora_* keys): load it as a LoRA on top of a base model, not as a model";
    if (!unet && (vae || (file.contains("encoder.conv_in.weight") && file.contains("decoder.conv_in.weight"))))
        return "a VAE-only file (no model.diffusion_model.* UNet)";
    if (isEmbeddingFile(file))
        return "a textual inversion embedding: load it as a negative embedding, not as a model";
    if (file.contains("conv_in.weight") || file.contains("embeddings.token_embedding.weight") ||
        file.contains("text_model.embeddings.token_embedding.weight"))
        return "one component of a diffusers folder (diffusers key names): open the folder with model_index.json";
    if (!unet && !vae && !text)
        return "an unknown model (" + firstKeys(file) + ")";
    if (!unet || !vae || !text)
        return std::string("an incomplete checkpoint without its ") +
               (!unet ? "UNet (model.diffusion_model.*)"
                      : !vae ? "VAE (first_stage_model.*)" : "text encoder (cond_stage_model.transformer.*)");
    return {};
}

int ConfigInference::textHeadsForHidden(int hiddenSize)
{
    return hiddenSize >= kClipHeadWidth ? hiddenSize / kClipHeadWidth : std::max(1, hiddenSize / kSmallClipHeadWidth);
}

bool ConfigInference::has(const std::string& key) const
{
    return m_file.contains(key);
}

std::vector<int64_t> ConfigInference::shape(const std::string& key, const char* purpose) const
{
    const TensorInfo* info = m_file.find(key);
    if (!info || info->shape.empty())
        throw ModelFormatError(m_file.path() + ": tensor '" + key + "' is missing or empty; it is needed to infer " +
                               purpose + " (is this a complete SD 1.x checkpoint?)");
    return info->shape;
}

int ConfigInference::count(const std::function<std::string(int)>& keyOf) const
{
    int n = 0;
    while (has(keyOf(n)))
        ++n;
    return n;
}

UNetConfig ConfigInference::unet() const
{
    const std::string p = KeyMap::kUnetPrefix;
    const char* purpose = "the UNet's size";
    UNetConfig config;
    config.inChannels = int(shape(p + "input_blocks.0.0.weight", purpose)[1]);
    config.outChannels = int(shape(p + "out.2.weight", purpose)[0]);

    // input_blocks 1.. hold per level layers_per_block resnets (+ transformer), then a downsampler
    auto block = [&](size_t n) { return p + "input_blocks." + std::to_string(n); };
    std::vector<int> layersPerLevel;
    config.blockOutChannels.clear();
    config.downBlockTypes.clear();
    for (size_t n = 1, layer = 0;; ++n) {
        const std::string conv1 = block(n) + ".0.in_layers.2.weight";
        if (has(conv1)) {
            if (layer++ == 0) {
                config.blockOutChannels.push_back(int(shape(conv1, purpose)[0]));
                config.downBlockTypes.push_back(has(block(n) + ".1.proj_in.weight") ? "CrossAttnDownBlock2D"
                                                                                     : "DownBlock2D");
            }
            continue;
        }
        layersPerLevel.push_back(int(layer));
        layer = 0;
        if (!has(block(n) + ".0.op.weight"))
            break;
    }
    if (config.blockOutChannels.empty() ||
        std::any_of(layersPerLevel.begin(), layersPerLevel.end(), [&](int n) { return n != layersPerLevel[0]; }))
        throw ModelFormatError(m_file.path() + ": the UNet's input_blocks do not form levels of equal length "
                                               "(not an SD 1.x UNet)");
    config.layersPerBlock = layersPerLevel[0];

    const size_t levels = config.blockOutChannels.size();
    config.upBlockTypes.clear();
    for (size_t level = 0; level < levels; ++level) {
        const std::string first = p + "output_blocks." + std::to_string(level * (config.layersPerBlock + 1));
        config.upBlockTypes.push_back(has(first + ".1.proj_in.weight") ? "CrossAttnUpBlock2D" : "UpBlock2D");
    }
    config.attentionHeadDim.assign(levels, kSd1HeadsPerLevel);

    const std::string mid = p + "middle_block.1.";
    config.crossAttentionDim = int(shape(mid + "transformer_blocks.0.attn2.to_k.weight", purpose)[1]);
    config.transformerLayersPerBlock =
        count([&](int i) { return mid + "transformer_blocks." + std::to_string(i) + ".attn2.to_k.weight"; });
    config.useLinearProjection = shape(mid + "proj_in.weight", purpose).size() == 2;
    return config;
}

AutoencoderConfig ConfigInference::vae() const
{
    const std::string p = KeyMap::kVaePrefix;
    const char* purpose = "the VAE's size";
    AutoencoderConfig config;
    config.inChannels = int(shape(p + "encoder.conv_in.weight", purpose)[1]);
    config.outChannels = int(shape(p + "decoder.conv_out.weight", purpose)[0]);
    config.latentChannels = int(shape(p + "decoder.conv_in.weight", purpose)[1]);
    auto conv1 = [&](int level, int layer) {
        return p + "encoder.down." + std::to_string(level) + ".block." + std::to_string(layer) + ".conv1.weight";
    };
    config.blockOutChannels.clear();
    for (int level = 0; has(conv1(level, 0)); ++level)
        config.blockOutChannels.push_back(int(shape(conv1(level, 0), purpose)[0]));
    if (config.blockOutChannels.empty())
        throw ModelFormatError(m_file.path() + ": tensor '" + conv1(0, 0) + "' is missing; it is needed to infer " +
                               purpose);
    config.layersPerBlock = count([&](int layer) { return conv1(0, layer); });
    config.useQuantConv = has(p + "quant_conv.weight");
    config.usePostQuantConv = has(p + "post_quant_conv.weight");
    config.midBlockAddAttention = has(p + "encoder.mid.attn_1.q.weight");
    return config;
}

ClipTextConfig ConfigInference::text() const
{
    const std::string& p = m_textPrefix;
    const char* purpose = "the text encoder's size";
    ClipTextConfig config;
    const auto tokens = shape(p + "embeddings.token_embedding.weight", purpose);
    config.vocabSize = int(tokens[0]);
    config.hiddenSize = int(tokens[1]);
    config.maxPositionEmbeddings = int(shape(p + "embeddings.position_embedding.weight", purpose)[0]);
    config.intermediateSize = int(shape(p + "encoder.layers.0.mlp.fc1.weight", purpose)[0]);
    config.numHiddenLayers =
        count([&](int i) { return p + "encoder.layers." + std::to_string(i) + ".self_attn.q_proj.weight"; });
    config.numAttentionHeads = textHeadsForHidden(config.hiddenSize);
    return config;
}

} // namespace fr2r::core
