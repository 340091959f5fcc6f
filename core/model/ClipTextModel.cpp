#include "core/model/ClipTextModel.h"

#include "core/api/Error.h"
#include "core/model/Attention.h"

#include <torch/nn/modules/linear.h>

#include <limits>
#include <string>

namespace fr2r::core {
namespace {

at::Tensor activation(const std::string& name, const at::Tensor& x)
{
    if (name == "quick_gelu")
        return x * torch::sigmoid(1.702 * x);
    return torch::gelu(x); // "gelu", checked in the layer's constructor
}

// transformers.models.clip.modeling_clip.CLIPEncoderLayer (with CLIPAttention and CLIPMLP inlined)
class ClipEncoderLayerImpl : public torch::nn::Module
{
public:
    explicit ClipEncoderLayerImpl(const ClipTextConfig& config)
        : m_heads(config.numAttentionHeads)
        , m_hiddenAct(config.hiddenAct)
    {
        if (m_hiddenAct != "quick_gelu" && m_hiddenAct != "gelu")
            throw ModelFormatError("text_encoder config: hidden_act '" + m_hiddenAct
                                   + "' is not supported (use quick_gelu or gelu)");
        const int hidden = config.hiddenSize;
        auto selfAttn = register_module("self_attn", std::make_shared<torch::nn::Module>());
        m_qProj = selfAttn->register_module("q_proj", torch::nn::Linear(hidden, hidden));
        m_kProj = selfAttn->register_module("k_proj", torch::nn::Linear(hidden, hidden));
        m_vProj = selfAttn->register_module("v_proj", torch::nn::Linear(hidden, hidden));
        m_outProj = selfAttn->register_module("out_proj", torch::nn::Linear(hidden, hidden));
        const auto normOptions = torch::nn::LayerNormOptions({hidden}).eps(config.layerNormEps);
        m_layerNorm1 = register_module("layer_norm1", torch::nn::LayerNorm(normOptions));
        auto mlp = register_module("mlp", std::make_shared<torch::nn::Module>());
        m_fc1 = mlp->register_module("fc1", torch::nn::Linear(hidden, config.intermediateSize));
        m_fc2 = mlp->register_module("fc2", torch::nn::Linear(config.intermediateSize, hidden));
        m_layerNorm2 = register_module("layer_norm2", torch::nn::LayerNorm(normOptions));
    }

    // hidden [B, L, C], causalMask additive [L, L]
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& causalMask)
    {
        auto x = m_layerNorm1(hidden);
        const auto attended = AttentionImpl::multiHeadAttention(m_qProj(x), m_kProj(x), m_vProj(x), m_heads,
                                                                causalMask); // [B, L, C]
        auto residual = hidden + m_outProj(attended);
        x = m_fc2(activation(m_hiddenAct, m_fc1(m_layerNorm2(residual)))); // [B, L, C]
        return residual + x;
    }

private:
    int64_t m_heads;
    std::string m_hiddenAct;
    torch::nn::Linear m_qProj{nullptr}, m_kProj{nullptr}, m_vProj{nullptr}, m_outProj{nullptr};
    torch::nn::LayerNorm m_layerNorm1{nullptr}, m_layerNorm2{nullptr};
    torch::nn::Linear m_fc1{nullptr}, m_fc2{nullptr};
};

// An id past the embedding table is a device-side assert on CUDA that poisons every later job: check first.
void requireKnownIds(const at::Tensor& ids, int64_t rows)
{
    const at::Tensor outside = (ids < 0).logical_or(ids >= rows);
    if (!outside.any().item<bool>())
        return;
    const int64_t id = ids.masked_select(outside)[0].item<int64_t>();
    throw Error("text encoder: token id " + std::to_string(id) + " is out of range: the embedding table has "
                + std::to_string(rows) + " rows (ids 0.." + std::to_string(rows - 1) + ")");
}

} // namespace

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& config)
    : m_config(config)
{
    auto embeddings = register_module("embeddings", std::make_shared<torch::nn::Module>());
    m_tokenEmbedding = embeddings->register_module(
        "token_embedding", torch::nn::Embedding(config.vocabSize, config.hiddenSize));
    m_positionEmbedding = embeddings->register_module(
        "position_embedding", torch::nn::Embedding(config.maxPositionEmbeddings, config.hiddenSize));
    auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
    m_layers = encoder->register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < config.numHiddenLayers; ++i)
        m_layers->push_back(std::make_shared<ClipEncoderLayerImpl>(config));
    m_finalLayerNorm = register_module(
        "final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps)));
}

// transformers.models.clip.modeling_clip.CLIPTextTransformer.forward
ClipTextOutput ClipTextModelImpl::forward(const at::Tensor& inputIds)
{
    if (inputIds.dim() != 2 || at::isFloatingType(inputIds.scalar_type()))
        throw InvalidArgumentError("text encoder: token ids must be an integer [batch, length] tensor");
    const int64_t length = inputIds.size(1);
    if (length < 1 || length > m_config.maxPositionEmbeddings)
        throw InvalidArgumentError("text encoder: " + std::to_string(length) + " tokens given, the model takes 1 to "
                                   + std::to_string(m_config.maxPositionEmbeddings));
    const auto& weight = m_tokenEmbedding->weight;
    const auto ids = inputIds.to(weight.device(), at::kLong);
    requireKnownIds(ids, weight.size(0));
    const auto positions = torch::arange(length, ids.options());
    auto hidden = m_tokenEmbedding(ids) + m_positionEmbedding(positions); // [B, L, C]

    // Additive causal mask: token i attends to tokens 0..i only.
    const auto causalMask = torch::full({length, length}, -std::numeric_limits<float>::infinity(), weight.options())
                                .triu(1); // [L, L]
    at::Tensor previous = hidden;
    for (const auto& layer : *m_layers) {
        previous = hidden;
        hidden = layer->as<ClipEncoderLayerImpl>()->forward(hidden, causalMask); // [B, L, C]
    }
    return {m_finalLayerNorm(hidden), previous};
}

int64_t ClipTextModelImpl::appendTokenEmbeddings(const at::Tensor& vectors)
{
    auto& weight = m_tokenEmbedding->weight;
    if (vectors.dim() != 2)
        throw ModelFormatError("textual inversion embedding must be a [vectors, width] tensor, got "
                               + std::to_string(vectors.dim()) + " dimensions");
    if (vectors.size(1) != weight.size(1))
        throw ModelFormatError("textual inversion embedding has width " + std::to_string(vectors.size(1))
                               + " but the text encoder's hidden size is " + std::to_string(weight.size(1))
                               + ": use an embedding trained for this model");
    const int64_t firstId = weight.size(0);
    torch::NoGradGuard noGrad;
    // set_data keeps the registered parameter object, so named_parameters() and optimisers still see it.
    weight.set_data(torch::cat({weight, vectors.to(weight.options())}, 0)); // [V + n, C]
    return firstId;
}

} // namespace fr2r::core
