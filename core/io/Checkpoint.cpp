#include "core/io/Checkpoint.h"

#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/io/ConfigInference.h"
#include "core/io/ExpectedShapes.h"
#include "core/io/KeyMap.h"
#include "core/io/SafeTensorsFile.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

namespace fr2r::core {
namespace fs = std::filesystem;
namespace {

constexpr size_t kListedNames = 5; // error messages name this many keys, then "..."

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

std::string lowerExtension(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return extension;
}

bool isPickleExtension(const std::string& extension)
{
    return extension == ".ckpt" || extension == ".pt" || extension == ".pth" || extension == ".bin" ||
           extension == ".pkl";
}

[[noreturn]] void refusePickle(const fs::path& path)
{
    throw ModelFormatError(path.string() + ": pickle checkpoints (.ckpt, .pt, .pth, .bin) are not supported because "
                                           "loading them can execute arbitrary code; convert the model to "
                                           ".safetensors first (diffusers and most model hubs offer it)");
}

std::string listNames(const std::vector<std::string>& names)
{
    std::string list;
    for (size_t i = 0; i < names.size() && i < kListedNames; ++i)
        list += (i ? ", " : "") + names[i];
    if (names.size() > kListedNames)
        list += ", ... (" + std::to_string(names.size()) + " in all)";
    return list;
}

nlohmann::json readJson(const fs::path& path)
{
    std::ifstream stream(path);
    if (!stream)
        throw ModelFormatError(path.string() + ": cannot be read (missing? no permission?)");
    try {
        return nlohmann::json::parse(stream);
    } catch (const nlohmann::json::exception& error) {
        throw ModelFormatError(path.string() + ": invalid JSON (" + error.what() + ")");
    }
}

ComponentWeights& weightsOf(Checkpoint& checkpoint, const std::string& component)
{
    if (component == "unet")
        return checkpoint.unetWeights;
    if (component == "vae")
        return checkpoint.vaeWeights;
    return checkpoint.textWeights;
}

// Every module the configs call for must have at least one tensor; the per-parameter check
// (missing, unexpected, wrong shape) is StateDictLoader's when the modules exist.
void requireModules(const KeyMap& map, Checkpoint& checkpoint)
{
    std::vector<std::string> missing;
    std::map<std::string, std::vector<std::string>> names;
    for (const auto& module : map.modules()) {
        auto& sorted = names[module.component];
        if (sorted.empty())
            sorted = weightsOf(checkpoint, module.component).names();
        const std::string prefix = module.diffusers + ".";
        auto it = std::lower_bound(sorted.begin(), sorted.end(), prefix);
        if (it == sorted.end() || !startsWith(*it, prefix))
            missing.push_back(module.component + "/" + module.diffusers +
                              (checkpoint.singleFile ? " (" + module.singleFile + ".*)" : std::string(".*")));
    }
    if (!missing.empty())
        throw ModelFormatError(checkpoint.path + ": weights missing for " + std::to_string(missing.size()) +
                               " modules the model's configuration needs: " + listNames(missing) +
                               "; the file is incomplete or not shaped like Stable Diffusion 1.x");
}

// The weight shapes each configuration implies, before any module is built from it. configFile(component) names
// the configuration's source.
void checkShapes(const Checkpoint& checkpoint, const std::function<std::string(const char*)>& configFile)
{
    ExpectedShapes::unet(checkpoint.unet).check(checkpoint.unetWeights, configFile("unet"));
    ExpectedShapes::vae(checkpoint.vae).check(checkpoint.vaeWeights, configFile("vae"));
    ExpectedShapes::text(checkpoint.text).check(checkpoint.textWeights, configFile("text_encoder"));
}

// A component's weight files in preference order: one file, its fp16 variant, or a sharded index.
std::vector<fs::path> componentFiles(const fs::path& dir, const std::string& stem)
{
    for (const auto& name : {stem + ".safetensors", stem + ".fp16.safetensors"})
        if (fs::is_regular_file(dir / name))
            return {dir / name};
    for (const auto& name : {stem + ".safetensors.index.json", stem + ".safetensors.index.fp16.json"}) {
        if (!fs::is_regular_file(dir / name))
            continue;
        const auto index = readJson(dir / name);
        std::set<std::string> shards;
        if (index.contains("weight_map") && index["weight_map"].is_object())
            for (const auto& [key, file] : index["weight_map"].items())
                if (file.is_string())
                    shards.insert(file.get<std::string>());
        if (shards.empty())
            throw ModelFormatError((dir / name).string() + ": no weight_map naming the shard files");
        std::vector<fs::path> files;
        for (const auto& shard : shards)
            files.push_back(dir / shard);
        return files;
    }
    for (const auto& entry : fs::directory_iterator(dir))
        if (isPickleExtension(lowerExtension(entry.path())))
            refusePickle(entry.path());
    throw ModelFormatError(dir.string() + ": no " + stem + ".safetensors (or .fp16.safetensors) weights file");
}

ComponentWeights folderWeights(const fs::path& dir, const std::string& component, const std::string& stem)
{
    ComponentWeights weights(component);
    for (const auto& path : componentFiles(dir, stem)) {
        auto file = std::make_shared<const SafeTensorsFile>(path.string());
        for (const auto& info : file->tensors()) {
            if (KeyMap::isBuffer(info.name))
                continue;
            weights.add(KeyMap::normalizeDiffusersName(component, info.name), file, info.name);
        }
    }
    return weights;
}

template<typename Config>
Config componentConfig(const fs::path& dir)
{
    const fs::path path = dir / "config.json";
    return Config::fromJson(readJson(path), path.string());
}

Checkpoint openFolder(const fs::path& dir)
{
    if (!fs::is_regular_file(dir / "model_index.json"))
        throw ModelFormatError(dir.string() + ": not a diffusers model folder (no model_index.json); choose the folder "
                                              "that holds model_index.json, or a single .safetensors checkpoint");
    for (const char* component : {"unet", "vae", "text_encoder"})
        if (!fs::is_directory(dir / component))
            throw ModelFormatError(dir.string() + ": the diffusers folder has no " + component + "/ subfolder");
    Checkpoint checkpoint;
    checkpoint.path = dir.string();
    checkpoint.singleFile = false;
    checkpoint.unet = componentConfig<UNetConfig>(dir / "unet");
    checkpoint.vae = componentConfig<AutoencoderConfig>(dir / "vae");
    checkpoint.text = componentConfig<ClipTextConfig>(dir / "text_encoder");
    checkpoint.unetWeights = folderWeights(dir / "unet", "unet", "diffusion_pytorch_model");
    checkpoint.vaeWeights = folderWeights(dir / "vae", "vae", "diffusion_pytorch_model");
    checkpoint.textWeights = folderWeights(dir / "text_encoder", "text_encoder", "model");
    const fs::path scheduler = dir / "scheduler" / "scheduler_config.json";
    if (fs::is_regular_file(scheduler))
        checkpoint.schedulerConfig = readJson(scheduler);
    if (fs::is_directory(dir / "tokenizer"))
        checkpoint.tokenizerDir = (dir / "tokenizer").string();
    requireModules(KeyMap(checkpoint.unet, checkpoint.vae, checkpoint.text), checkpoint);
    checkShapes(checkpoint, [&](const char* component) { return (dir / component / "config.json").string(); });
    return checkpoint;
}

Checkpoint openSingleFile(const fs::path& path)
{
    auto file = std::make_shared<const SafeTensorsFile>(path.string());
    const ConfigInference inference(*file);
    Checkpoint checkpoint;
    checkpoint.path = path.string();
    checkpoint.singleFile = true;
    checkpoint.unet = inference.unet();
    checkpoint.vae = inference.vae();
    checkpoint.text = inference.text();
    const std::string inferred = checkpoint.path + " (sizes inferred from its tensor shapes)";
    JobLog::info(checkpoint.path + ": a single file; configuration inferred from its tensor shapes (UNet channels " +
                 std::to_string(checkpoint.unet.blockOutChannels.front()) + ", cross-attention " +
                 std::to_string(checkpoint.unet.crossAttentionDim) + ", text encoder width " +
                 std::to_string(checkpoint.text.hiddenSize) + ")");
    checkpoint.unet.validate(inferred);
    checkpoint.vae.validate(inferred);
    checkpoint.text.validate(inferred);
    const KeyMap map(checkpoint.unet, checkpoint.vae, checkpoint.text, inference.textPrefix());

    std::vector<std::string> unexpected;
    for (const auto& info : file->tensors()) {
        if (const auto mapped = map.toDiffusers(info.name)) {
            const bool squeeze = mapped->squeezeToLinear && info.shape.size() == 4 && info.shape[2] == 1 &&
                                 info.shape[3] == 1;
            weightsOf(checkpoint, mapped->component)
                .add(mapped->name, file, info.name,
                     squeeze ? std::vector<int64_t>{info.shape[0], info.shape[1]} : std::vector<int64_t>{});
            continue;
        }
        const bool inComponent = startsWith(info.name, KeyMap::kUnetPrefix) ||
                                 startsWith(info.name, KeyMap::kVaePrefix) || startsWith(info.name, "cond_stage_model.");
        if (inComponent && !KeyMap::isBuffer(info.name))
            unexpected.push_back(info.name);
        else
            checkpoint.ignoredKeys.push_back(info.name);
    }
    if (!unexpected.empty())
        throw ModelFormatError(checkpoint.path + ": " + std::to_string(unexpected.size()) +
                               " tensors do not fit the SD 1.x layout inferred from the file: " +
                               listNames(unexpected));
    requireModules(map, checkpoint);
    checkShapes(checkpoint, [&](const char*) { return inferred; });
    return checkpoint;
}

} // namespace

Checkpoint openCheckpoint(const std::string& path)
{
    const fs::path location(path);
    std::error_code error;
    const auto status = fs::status(location, error);
    if (status.type() == fs::file_type::not_found)
        throw ModelFormatError(path + ": no such file or folder");
    if (fs::is_directory(status))
        return openFolder(location);
    const std::string extension = lowerExtension(location);
    if (isPickleExtension(extension))
        refusePickle(location);
    if (extension != ".safetensors")
        throw ModelFormatError(path + ": not a model: expected a .safetensors file or a diffusers folder");
    return openSingleFile(location);
}

} // namespace fr2r::core
