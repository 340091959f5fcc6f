#include "core/model/Lora.h"

#include "core/Error.h"
#include "core/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <algorithm>

namespace fr2r::core {
namespace {

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0;
}

std::string underscored(std::string name)
{
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
}

// Component and module of a key without its suffix, or false when the key is not LoRA-shaped.
bool splitModule(const std::string& stem, bool kohya, std::string& component, std::string& module)
{
    static const std::pair<const char*, const char*> kPeftPrefixes[] = {{"unet.", "unet"}, {"text_encoder.", "text_encoder"}};
    static const std::pair<const char*, const char*> kKohyaPrefixes[] = {{"lora_unet_", "unet"}, {"lora_te_", "text_encoder"}};
    for (const auto& [prefix, name] : kohya ? kKohyaPrefixes : kPeftPrefixes) {
        if (startsWith(stem, prefix)) {
            component = name;
            module = stem.substr(std::string(prefix).size());
            // Our text encoder's names start below transformers' "text_model." level.
            for (const char* nested : {"text_model.", "text_model_"})
                if (component == std::string("text_encoder") && startsWith(module, nested))
                    module = module.substr(std::string(nested).size());
            return true;
        }
    }
    return false;
}

struct ParsedKey
{
    std::string stem;
    std::string role; // "down", "up" or "alpha"
    bool kohya = false;
};

bool parseKey(const std::string& key, ParsedKey& parsed)
{
    static const std::tuple<const char*, const char*, bool> kSuffixes[] = {
        {".lora_A.weight", "down", false},   {".lora_B.weight", "up", false},   {".lora_down.weight", "down", true},
        {".lora_up.weight", "up", true},     {".alpha", "alpha", true},
    };
    for (const auto& [suffix, role, kohya] : kSuffixes) {
        if (endsWith(key, suffix)) {
            parsed = {key.substr(0, key.size() - std::string(suffix).size()), role, kohya};
            return true;
        }
    }
    return false;
}

// Resolves an update's module to a parameter "<module>.weight" of the component.
torch::Tensor* findWeight(std::map<std::string, torch::Tensor>& byName, std::map<std::string, std::string>& byUnderscore,
                          const LoraUpdate& update, const std::map<std::string, std::string>& aliases)
{
    std::string module = update.module;
    if (update.underscored) {
        auto alias = aliases.find(module);
        auto it = alias != aliases.end() ? byUnderscore.find(underscored(alias->second)) : byUnderscore.find(module);
        if (it == byUnderscore.end())
            return nullptr;
        module = it->second;
    }
    auto weight = byName.find(module + ".weight");
    return weight == byName.end() ? nullptr : &weight->second;
}

at::Tensor delta(const LoraUpdate& update, const at::Tensor& weight)
{
    auto down = update.down.to(torch::kFloat32).flatten(1); // [r, in * kh * kw]
    auto up = update.up.to(torch::kFloat32).flatten(1);     // [out, r]
    return torch::mm(up, down).reshape(weight.sizes()) * update.scale;
}

} // namespace

LoraFile LoraFile::load(const std::string& path)
{
    SafeTensorsFile file(path);
    LoraFile result;
    result.m_path = path;
    std::map<std::string, LoraUpdate> byStem;
    std::map<std::string, at::Tensor> alphas;
    std::vector<std::string> unknown;
    for (const auto& info : file.tensors()) {
        ParsedKey key;
        LoraUpdate probe;
        if (!parseKey(info.name, key) || !splitModule(key.stem, key.kohya, probe.component, probe.module)) {
            unknown.push_back(info.name);
            continue;
        }
        result.m_format = key.kohya ? "kohya" : "peft";
        if (key.role == "alpha") {
            alphas[key.stem] = file.load(info);
            continue;
        }
        LoraUpdate& update = byStem[key.stem];
        update.component = probe.component;
        update.module = probe.module;
        update.underscored = key.kohya;
        (key.role == "down" ? update.down : update.up) = file.load(info);
    }
    if (!unknown.empty())
        throw ModelFormatError(path + ": " + std::to_string(unknown.size()) + " keys are not LoRA weights of the UNet or "
                               "text encoder in PEFT or kohya layout, e.g. '" + unknown.front() + "'");
    for (auto& [stem, update] : byStem) {
        if (!update.down.defined() || !update.up.defined())
            throw ModelFormatError(path + ": '" + stem + "' lacks its " + (update.down.defined() ? "up" : "down") + " matrix");
        auto alpha = alphas.find(stem);
        if (alpha != alphas.end())
            update.scale = alpha->second.to(torch::kFloat64).item<double>() / static_cast<double>(update.down.size(0));
        result.m_updates.push_back(std::move(update));
    }
    if (result.m_updates.empty())
        throw ModelFormatError(path + ": holds no LoRA weights");
    return result;
}

void LoraFile::mergeInto(torch::nn::Module& unet, torch::nn::Module* textEncoder, double multiplier,
                         const std::map<std::string, std::string>& unetAliases) const
{
    torch::NoGradGuard noGrad;
    std::map<std::string, std::map<std::string, torch::Tensor>> byName;
    std::map<std::string, std::map<std::string, std::string>> byUnderscore;
    auto index = [&](const std::string& component, torch::nn::Module& module) {
        for (const auto& item : module.named_parameters()) {
            byName[component][item.key()] = item.value();
            if (endsWith(item.key(), ".weight"))
                byUnderscore[component][underscored(item.key().substr(0, item.key().size() - 7))] =
                    item.key().substr(0, item.key().size() - 7);
        }
    };
    index("unet", unet);
    if (textEncoder)
        index("text_encoder", *textEncoder);

    std::vector<std::string> unmatched;
    const std::map<std::string, std::string> noAliases;
    for (const auto& update : m_updates) {
        const auto& aliases = update.component == "unet" ? unetAliases : noAliases;
        torch::Tensor* weight = findWeight(byName[update.component], byUnderscore[update.component], update, aliases);
        if (!weight || weight->numel() != update.up.size(0) * update.down.numel() / update.down.size(0)) {
            unmatched.push_back(update.component + ": " + update.module);
            continue;
        }
        weight->add_((delta(update, *weight) * multiplier).to(weight->device(), weight->scalar_type()));
    }
    if (!unmatched.empty())
        throw ModelFormatError(m_path + ": " + std::to_string(unmatched.size()) + " LoRA modules match no layer of the " +
                               "model (or have the wrong size), e.g. '" + unmatched.front() + "'");
}

} // namespace fr2r::core
