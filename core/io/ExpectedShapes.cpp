#include "core/io/ExpectedShapes.h"

#include "core/api/Error.h"
#include "core/io/ComponentWeights.h"

#include <c10/util/ArrayRef.h>

#include <sstream>

namespace fr2r::core {
namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream out;
    out << at::IntArrayRef(shape);
    return out.str();
}

std::string indexed(const std::string& prefix, size_t index)
{
    return prefix + "." + std::to_string(index);
}

} // namespace

void ExpectedShapes::add(std::string name, std::vector<int64_t> shape)
{
    m_entries.push_back({std::move(name), std::move(shape)});
}

// diffusers Transformer2DModel: projections, self/cross attention and the GEGLU feed-forward (4x, doubled).
void ExpectedShapes::addUNetTransformer(const std::string& prefix, int64_t channels, const UNetConfig& config)
{
    add(prefix + ".proj_in.weight",
        config.useLinearProjection ? std::vector<int64_t>{channels, channels} : std::vector<int64_t>{channels, channels, 1, 1});
    for (int k = 0; k < config.transformerLayersPerBlock; ++k) {
        const std::string block = indexed(prefix + ".transformer_blocks", k);
        add(block + ".attn1.to_q.weight", {channels, channels});
        add(block + ".attn2.to_k.weight", {channels, config.crossAttentionDim});
        add(block + ".ff.net.0.proj.weight", {8 * channels, channels});
    }
}

void ExpectedShapes::addUNetLevel(const std::string& prefix, int64_t channels, int resnets, bool crossAttention,
                                  const UNetConfig& config)
{
    const int64_t timeChannels = 4 * int64_t(config.blockOutChannels.front());
    for (int j = 0; j < resnets; ++j) {
        add(indexed(prefix + ".resnets", j) + ".conv2.weight", {channels, channels, 3, 3});
        add(indexed(prefix + ".resnets", j) + ".time_emb_proj.weight", {channels, timeChannels});
        if (crossAttention)
            addUNetTransformer(indexed(prefix + ".attentions", j), channels, config);
    }
}

ExpectedShapes ExpectedShapes::unet(const UNetConfig& config)
{
    ExpectedShapes shapes;
    const std::vector<int>& channels = config.blockOutChannels;
    const size_t levels = channels.size();
    const int64_t first = channels.front(), last = channels.back();
    shapes.add("conv_in.weight", {first, config.inChannels, 3, 3});
    shapes.add("time_embedding.linear_1.weight", {4 * first, first});
    shapes.add("conv_out.weight", {config.outChannels, first, 3, 3});
    for (size_t i = 0; i < levels; ++i) {
        const std::string down = indexed("down_blocks", i);
        shapes.addUNetLevel(down, channels[i], config.layersPerBlock,
                            config.downBlockTypes[i] == "CrossAttnDownBlock2D", config);
        if (i + 1 < levels)
            shapes.add(down + ".downsamplers.0.conv.weight", {channels[i], channels[i], 3, 3});
        const std::string up = indexed("up_blocks", i);
        const int64_t upChannels = channels[levels - 1 - i];
        shapes.addUNetLevel(up, upChannels, config.layersPerBlock + 1, config.upBlockTypes[i] == "CrossAttnUpBlock2D",
                            config);
        if (i + 1 < levels)
            shapes.add(up + ".upsamplers.0.conv.weight", {upChannels, upChannels, 3, 3});
    }
    shapes.addUNetLevel("mid_block", last, 2, false, config);
    shapes.addUNetTransformer("mid_block.attentions.0", last, config);
    return shapes;
}

ExpectedShapes ExpectedShapes::vae(const AutoencoderConfig& config)
{
    ExpectedShapes shapes;
    const std::vector<int>& channels = config.blockOutChannels;
    const size_t levels = channels.size();
    const int64_t first = channels.front(), last = channels.back(), latent = config.latentChannels;
    shapes.add("encoder.conv_in.weight", {first, config.inChannels, 3, 3});
    shapes.add("encoder.conv_out.weight", {2 * latent, last, 3, 3});
    shapes.add("decoder.conv_in.weight", {last, latent, 3, 3});
    shapes.add("decoder.conv_out.weight", {config.outChannels, first, 3, 3});
    if (config.useQuantConv)
        shapes.add("quant_conv.weight", {2 * latent, 2 * latent, 1, 1});
    if (config.usePostQuantConv)
        shapes.add("post_quant_conv.weight", {latent, latent, 1, 1});
    for (size_t i = 0; i < levels; ++i) {
        const int64_t up = channels[levels - 1 - i];
        for (int j = 0; j < config.layersPerBlock; ++j)
            shapes.add(indexed(indexed("encoder.down_blocks", i) + ".resnets", j) + ".conv2.weight",
                       {channels[i], channels[i], 3, 3});
        for (int j = 0; j <= config.layersPerBlock; ++j)
            shapes.add(indexed(indexed("decoder.up_blocks", i) + ".resnets", j) + ".conv2.weight", {up, up, 3, 3});
    }
    for (const std::string coder : {"encoder", "decoder"}) {
        for (int j = 0; j < 2; ++j)
            shapes.add(indexed(coder + ".mid_block.resnets", j) + ".conv2.weight", {last, last, 3, 3});
        if (config.midBlockAddAttention)
            shapes.add(coder + ".mid_block.attentions.0.to_q.weight", {last, last});
    }
    return shapes;
}

ExpectedShapes ExpectedShapes::text(const ClipTextConfig& config)
{
    ExpectedShapes shapes;
    const int64_t width = config.hiddenSize, inner = config.intermediateSize;
    shapes.add("embeddings.token_embedding.weight", {config.vocabSize, width});
    shapes.add("embeddings.position_embedding.weight", {config.maxPositionEmbeddings, width});
    shapes.add("final_layer_norm.weight", {width});
    for (int k = 0; k < config.numHiddenLayers; ++k) {
        const std::string layer = indexed("encoder.layers", k);
        shapes.add(layer + ".self_attn.q_proj.weight", {width, width});
        shapes.add(layer + ".mlp.fc1.weight", {inner, width});
        shapes.add(layer + ".mlp.fc2.weight", {width, inner});
    }
    return shapes;
}

void ExpectedShapes::check(const ComponentWeights& weights, const std::string& configFile) const
{
    for (const Entry& entry : m_entries) {
        if (!weights.contains(entry.name))
            throw ModelFormatError(configFile + " implies a tensor '" + entry.name + "' " + shapeText(entry.shape)
                                   + " that the " + weights.component() + " weights lack");
        const std::vector<int64_t> stored = weights.shape(entry.name);
        if (stored != entry.shape)
            throw ModelFormatError(weights.source(entry.name) + " has shape " + shapeText(stored) + " but "
                                   + configFile + " implies " + shapeText(entry.shape)
                                   + ": the configuration does not belong to these weights");
    }
}

} // namespace fr2r::core
