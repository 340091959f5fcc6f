#include "core/training/LoraLayers.h"

#include "core/api/Error.h"
#include "core/model/Lora.h"
#include "core/training/StoredTensor.h"

#include <torch/torch.h>

#include <cmath>
#include <regex>

namespace fr2r::core {

LoraLayers::LoraLayers(torch::nn::Module& unet, const LoraOptions& options, at::Generator generator)
    : m_options(options)
{
    if (options.rank < 1 || !(options.alpha > 0.0))
        throw InvalidArgumentError("LoRA: rank must be at least 1 and alpha positive (rank " +
                                   std::to_string(options.rank) + ", alpha " + std::to_string(options.alpha) + ")");
    using Projection = AttentionImpl::Projection;
    static const std::regex kTarget(R"(.*\.attn[12])");
    for (const auto& item : unet.named_modules("", false)) {
        auto attention = std::dynamic_pointer_cast<AttentionImpl>(item.value());
        if (!attention || !std::regex_match(item.key(), kTarget))
            continue;
        for (const Projection projection : {Projection::Query, Projection::Key, Projection::Value, Projection::Out})
            addLayer(item.key(), attention, projection, generator);
    }
    if (m_layers.empty())
        throw ModelFormatError("LoRA: the UNet has no attn1/attn2 projections to adapt");
}

LoraLayers::~LoraLayers()
{
    restore();
}

void LoraLayers::addLayer(const std::string& attentionName, const std::shared_ptr<AttentionImpl>& attention,
                          AttentionImpl::Projection projection, at::Generator& generator)
{
    static const char* const kNames[] = {"to_q", "to_k", "to_v", "to_out.0"}; // by Projection
    const auto linear = attention->projection(projection);
    const at::Tensor& weight = linear->weight; // [out, in]
    const auto options32 = torch::TensorOptions().dtype(torch::kFloat32).device(weight.device());
    // PEFT: kaiming_uniform_(a = sqrt(5)), i.e. U(-1 / sqrt(in), 1 / sqrt(in)).
    const double bound = 1.0 / std::sqrt(static_cast<double>(weight.size(1)));
    at::Tensor down = torch::empty({m_options.rank, weight.size(1)}, torch::kFloat32)
                          .uniform_(-bound, bound, generator)
                          .to(options32)
                          .requires_grad_();
    at::Tensor up = torch::zeros({weight.size(0), m_options.rank}, options32).requires_grad_();
    m_layers.push_back({attentionName + "." + kNames[static_cast<size_t>(projection)], attention, projection,
                        std::make_unique<WeightOverride>(linear, linear->weight),
                        std::make_shared<LowRankAdapter>(down, up, scale()), down, up});
}

void LoraLayers::apply()
{
    for (auto& layer : m_layers) {
        layer.weight->restore();
        layer.attention->setAdapter(layer.projection, layer.adapter);
    }
}

void LoraLayers::applyMerged()
{
    torch::NoGradGuard frozen;
    for (auto& layer : m_layers) {
        layer.attention->setAdapter(layer.projection, nullptr);
        const at::Tensor& weight = layer.weight->original();
        layer.weight->set(weight + (torch::mm(layer.up, layer.down) * scale()).to(weight.scalar_type()));
    }
}

void LoraLayers::restore()
{
    for (auto& layer : m_layers) {
        layer.attention->setAdapter(layer.projection, nullptr);
        layer.weight->restore();
    }
}

std::vector<at::Tensor> LoraLayers::parameters() const
{
    std::vector<at::Tensor> result;
    for (const auto& layer : m_layers) {
        result.push_back(layer.down);
        result.push_back(layer.up);
    }
    return result;
}

std::vector<std::pair<std::string, at::Tensor>> LoraLayers::namedMatrices(double upScale) const
{
    std::vector<std::pair<std::string, at::Tensor>> result;
    for (const auto& layer : m_layers) {
        result.emplace_back(peftLoraKey("unet", layer.module, false), layer.down.detach());
        result.emplace_back(peftLoraKey("unet", layer.module, true), upScale == 1.0 ? layer.up.detach() : layer.up.detach() * upScale);
    }
    return result;
}

void LoraLayers::assign(const SafeTensorsFile& file, const std::string& prefix)
{
    for (auto& layer : m_layers) {
        copyStoredTensor(file, prefix + peftLoraKey("unet", layer.module, false), layer.down);
        copyStoredTensor(file, prefix + peftLoraKey("unet", layer.module, true), layer.up);
    }
}

} // namespace fr2r::core
