#include "core/model/Lora.h"

#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/io/SafeTensorsFile.h"

#include <torch/torch.h>

#include <algorithm>
#include <sstream>

namespace fr2r::core {
namespace {

constexpr const char* kPeftDownSuffix = ".lora_A.weight";
constexpr const char* kPeftUpSuffix = ".lora_B.weight";

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
        {kPeftDownSuffix, "down", false},    {kPeftUpSuffix, "up", false},   {".lora_down.weight", "down", true},
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

std::string shapeText(const at::Tensor& tensor)
{
    std::ostringstream out;
    out << tensor.sizes();
    return out.str();
}

// NaN or infinite values make every merged weight meaningless; refuse them with the tensor named.
void requireFinite(const std::string& path, const std::string& key, const at::Tensor& tensor)
{
    if (!torch::isfinite(tensor).all().item<bool>())
        throw ModelFormatError(path + ": tensor '" + key + "' holds NaN or infinite values");
}

// down [r, in] or [r, in, kh, kw], up [out, r] or [out, r, 1, 1], with r >= 1 in both.
void checkMatrices(const std::string& path, const std::string& stem, const LoraUpdate& update)
{
    const auto problem = [&](const std::string& what) {
        return ModelFormatError(path + ": '" + stem + "': " + what + " (down " + shapeText(update.down) + ", up "
                                + shapeText(update.up) + ")");
    };
    const int64_t downDims = update.down.dim(), upDims = update.up.dim();
    if ((downDims != 2 && downDims != 4) || (upDims != 2 && upDims != 4))
        throw problem("the down and up matrices must have 2 or 4 dimensions");
    const int64_t rank = update.down.size(0);
    if (rank < 1)
        throw problem("rank 0: the matrices hold no update");
    if (update.up.size(1) != rank)
        throw problem("the up matrix's rank " + std::to_string(update.up.size(1)) + " differs from the down matrix's "
                      + std::to_string(rank));
    if (upDims == 4 && (update.up.size(2) != 1 || update.up.size(3) != 1))
        throw problem("a 4-dimensional up matrix must be [out, rank, 1, 1]");
    if (update.down.numel() == 0 || update.up.numel() == 0)
        throw problem("a matrix has a zero-sized dimension");
}

// Why the update does not fit weight [out, in] or [out, in, kh, kw], or empty when it does.
std::string mismatch(const LoraUpdate& update, const at::Tensor& weight)
{
    if (weight.dim() != 2 && weight.dim() != 4)
        return "the layer's weight " + shapeText(weight) + " is not a matrix or a convolution";
    if (update.up.size(0) != weight.size(0))
        return "out " + std::to_string(update.up.size(0)) + " != " + std::to_string(weight.size(0));
    if (update.down.size(1) != weight.size(1))
        return "in " + std::to_string(update.down.size(1)) + " != " + std::to_string(weight.size(1));
    // kohya stores 1x1 convolutions as [r, in] or [r, in, 1, 1]: equal kernels, or 1x1 on both sides.
    const bool bothConvolutions = update.down.dim() == 4 && weight.dim() == 4;
    const int64_t kernel = weight.dim() == 4 ? weight.size(2) * weight.size(3) : 1;
    const int64_t updateKernel = update.down.dim() == 4 ? update.down.size(2) * update.down.size(3) : 1;
    if (bothConvolutions ? weight.sizes().slice(2) != update.down.sizes().slice(2) : kernel != updateKernel)
        return "kernel of " + shapeText(update.down) + " vs weight " + shapeText(weight);
    return {};
}

at::Tensor delta(const LoraUpdate& update, const at::Tensor& weight)
{
    auto down = update.down.to(torch::kFloat32).flatten(1); // [r, in * kh * kw]
    auto up = update.up.to(torch::kFloat32).flatten(1);     // [out, r]
    return torch::mm(up, down).reshape(weight.sizes()) * update.scale;
}

} // namespace

std::string peftLoraKey(const std::string& component, const std::string& module, bool up)
{
    return component + "." + module + (up ? kPeftUpSuffix : kPeftDownSuffix);
}

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
        const at::Tensor tensor = file.load(info);
        requireFinite(path, info.name, tensor);
        if (key.role == "alpha") {
            if (tensor.numel() != 1)
                throw ModelFormatError(path + ": '" + info.name + "' must hold one value, not "
                                       + std::to_string(tensor.numel()));
            alphas[key.stem] = tensor;
            continue;
        }
        LoraUpdate& update = byStem[key.stem];
        update.component = probe.component;
        update.module = probe.module;
        update.underscored = key.kohya;
        (key.role == "down" ? update.down : update.up) = tensor;
    }
    if (!unknown.empty())
        throw ModelFormatError(path + ": " + std::to_string(unknown.size()) + " keys are not LoRA weights of the UNet or "
                               "text encoder in PEFT or kohya layout, e.g. '" + unknown.front() + "'");
    for (auto& [stem, update] : byStem) {
        if (!update.down.defined() || !update.up.defined())
            throw ModelFormatError(path + ": '" + stem + "' lacks its " + (update.down.defined() ? "up" : "down") + " matrix");
        checkMatrices(path, stem, update);
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
        const std::string problem = weight ? mismatch(update, *weight) : "no such layer";
        if (!problem.empty()) {
            unmatched.push_back(update.component + ": " + update.module + " (" + problem + ")");
            continue;
        }
        weight->add_((delta(update, *weight) * multiplier).to(weight->device(), weight->scalar_type()));
    }
    if (!unmatched.empty())
        throw ModelFormatError(m_path + ": " + std::to_string(unmatched.size()) + " LoRA modules match no layer of the " +
                               "model (or have the wrong size), e.g. '" + unmatched.front() + "'");
    JobLog::info(m_path + ": " + std::to_string(m_updates.size()) + " LoRA modules matched and merged at multiplier " +
                 std::to_string(multiplier));
}

} // namespace fr2r::core
