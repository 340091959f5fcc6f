#include "core/diffusion/StableDiffusionModel.h"

#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/io/Checkpoint.h"
#include "core/io/DomainPackFolder.h"
#include "core/io/KeyMap.h"
#include "core/io/ModelWeightsHash.h"
#include "core/io/StateDictLoader.h"
#include "core/io/TextualInversionFile.h"
#include "core/model/Attention.h"
#include "core/model/Lora.h"
#include "core/model/RowBandPlan.h"
#include "core/model/TransformerBlocks.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

namespace fr2r::core {
namespace {

ClipTokenizer loadTokenizer(const Checkpoint& checkpoint, const EngineSettings& settings)
{
    if (!settings.tokenizerPath.empty()) {
        JobLog::info("tokenizer: " + settings.tokenizerPath + " (chosen in the settings)");
        return ClipTokenizer::fromFolder(settings.tokenizerPath);
    }
    if (!checkpoint.tokenizerDir.empty()) {
        JobLog::info("tokenizer: " + checkpoint.tokenizerDir + " (the model's own)");
        return ClipTokenizer::fromFolder(checkpoint.tokenizerDir);
    }
    if (!settings.shippedVocabJson.empty()) {
        JobLog::info("tokenizer: CLIP's vocabulary shipped with the application (the model has none)");
        return ClipTokenizer::fromData(settings.shippedVocabJson, settings.shippedMerges);
    }
    throw ModelFormatError(checkpoint.path + ": a single-file checkpoint needs CLIP's vocabulary: give a folder with "
                           "vocab.json and merges.txt as the tokenizer");
}

// LoRA files written for CompVis checkpoints name UNet modules the CompVis way.
std::map<std::string, std::string> compVisLoraAliases(const Checkpoint& checkpoint, UNet2DConditionModel& unet)
{
    std::map<std::string, std::string> aliases;
    const KeyMap map(checkpoint.unet, checkpoint.vae, checkpoint.text);
    const std::string prefix = KeyMap::kUnetPrefix;
    for (const auto& item : unet->named_parameters()) {
        const std::string& name = item.key();
        if (name.size() < 7 || name.compare(name.size() - 7, 7, ".weight") != 0)
            continue;
        auto single = map.toSingleFile("unet", name);
        if (!single || single->rfind(prefix, 0) != 0)
            continue;
        std::string module = single->substr(prefix.size(), single->size() - prefix.size() - 7);
        std::replace(module.begin(), module.end(), '.', '_');
        aliases[module] = name.substr(0, name.size() - 7);
    }
    return aliases;
}

std::string describe(const EngineSettings& settings, const ComputeContext& context)
{
    std::string identity = settings.modelPath + "|" + settings.negativeEmbeddingPath + "|" + context.describe();
    for (const auto& lora : settings.loras)
        identity += "|" + lora.path + ":" + std::to_string(lora.multiplier);
    return identity;
}

// Runs work that reads the domain-pack file at path; its format errors name that file, so the user knows which
// setting to change.
template <typename Work>
void namingFile(const std::string& path, Work&& work)
{
    try {
        work();
    } catch (const ModelFormatError& error) {
        const std::string what = error.what();
        if (what.find(path) != std::string::npos)
            throw;
        throw ModelFormatError(path + ": " + what);
    }
}

void useChannelsLastConvolutions(torch::nn::Module& module)
{
    for (at::Tensor& parameter : module.parameters())
        if (parameter.dim() == 4)
            parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
}

// The settings with the domain pack's files: its LoRA at multiplier 1, its negative embedding unless one is chosen.
EngineSettings withDomainPack(const EngineSettings& settings, const DomainPackFolder& pack)
{
    EngineSettings resolved = settings;
    resolved.loras.push_back({pack.loraPath, 1.0});
    if (resolved.negativeEmbeddingPath.empty())
        resolved.negativeEmbeddingPath = pack.negativeEmbeddingPath;
    else
        JobLog::info("negative embedding: " + settings.negativeEmbeddingPath + " (chosen in the settings, not the pack's)");
    JobLog::info("domain pack " + settings.packPath + ": token '" + pack.token + "', trained with the prompt '" +
                 pack.targetPrompt + "', recommended strength " + std::to_string(pack.strength) + " and gamma " +
                 std::to_string(pack.gamma));
    return resolved;
}

std::string modelName(const std::string& modelPath)
{
    const auto path = std::filesystem::u8path(modelPath);
    return (std::filesystem::is_directory(path) ? path.filename() : path.stem()).u8string();
}

} // namespace

std::unique_ptr<StableDiffusionModel> StableDiffusionModel::load(const EngineSettings& settings,
                                                                 const ComputeContext& context, const StopCheck& stop)
{
    torch::NoGradGuard noGrad;
    const Checkpoint checkpoint = openCheckpoint(settings.modelPath);
    std::optional<DomainPackFolder> pack; // opened first: a broken pack costs no weight loading
    if (!settings.packPath.empty())
        pack = DomainPackFolder::open(settings.packPath);
    std::unique_ptr<StableDiffusionModel> model(new StableDiffusionModel());
    model->m_context = context;
    model->m_tokenizer.emplace(loadTokenizer(checkpoint, settings));
    model->m_textEncoder = ClipTextModel(checkpoint.text);
    model->m_unet = UNet2DConditionModel(checkpoint.unet);
    model->m_vae = AutoencoderKL(checkpoint.vae);
    loadStateDict(*model->m_textEncoder, checkpoint.textWeights, context.dtype(), context.device(), stop);
    loadStateDict(*model->m_unet, checkpoint.unetWeights, context.dtype(), context.device(), stop);
    const at::ScalarType vaeDtype = autoencoderDtype(checkpoint.vae, context.dtype());
    loadStateDict(*model->m_vae, checkpoint.vaeWeights, vaeDtype, context.device(), stop);
    model->prepareModules();
    model->setMemoryBudget(settings.memoryBudgetMiB << 20);
    model->m_scheduler.emplace(checkpoint.schedulerConfig.is_object() && !checkpoint.schedulerConfig.empty()
                                   ? DdimSchedulerConfig::fromJson(checkpoint.schedulerConfig)
                                   : DdimSchedulerConfig::sd15());
    model->m_scalingFactor = checkpoint.vae.scalingFactor;

    model->m_settings = pack ? withDomainPack(settings, *pack) : settings;
    model->addWeightFiles(checkpoint, stop);
    if (pack)
        model->checkPackBaseModel(*pack);
    model->m_identity = describe(model->m_settings, context);
    model->m_name = modelName(settings.modelPath);
    ComputeContext::releaseFreedMemory();
    return model;
}

StableDiffusionModel::~StableDiffusionModel() = default;

// The LoRA files (merged) and the negative embedding of m_settings, the domain pack's included.
void StableDiffusionModel::addWeightFiles(const Checkpoint& checkpoint, const StopCheck& stop)
{
    for (const auto& lora : m_settings.loras) {
        checkStop(stop);
        namingFile(lora.path, [&] {
            LoraFile::load(lora.path).mergeInto(*m_unet, m_textEncoder.get(), lora.multiplier,
                                                compVisLoraAliases(checkpoint, m_unet));
        });
    }
    checkStop(stop);
    const std::string& embeddingPath = m_settings.negativeEmbeddingPath;
    if (!embeddingPath.empty())
        namingFile(embeddingPath, [&] { addNegativeEmbedding(loadTextualInversion(embeddingPath), embeddingPath); });
}

// A pack trained on other weights still loads (a fine-tune of the same base often works), but the user is told.
void StableDiffusionModel::checkPackBaseModel(const DomainPackFolder& pack)
{
    if (pack.baseModelSha256.empty() || pack.baseModelSha256 == weightsSha256())
        return;
    JobLog::warning("the domain pack " + m_settings.packPath + " was trained on another base model (weights SHA-256 " +
                    pack.baseModelSha256 + ") than the loaded " + m_settings.modelPath + " (" +
                    (weightsSha256().empty() ? std::string("unknown") : weightsSha256()) + "): results may be off");
}

const std::string& StableDiffusionModel::weightsSha256()
{
    if (!m_weightsSha256)
        m_weightsSha256 = m_settings.modelPath.empty() ? std::string() : hashOfModelWeights(m_settings.modelPath);
    return *m_weightsSha256;
}

std::unique_ptr<StableDiffusionModel> StableDiffusionModel::withRandomWeights(const UNetConfig& unet,
                                                                              const AutoencoderConfig& vae,
                                                                              const ClipTextConfig& text,
                                                                              ClipTokenizer tokenizer,
                                                                              const ComputeContext& context)
{
    torch::NoGradGuard noGrad;
    std::unique_ptr<StableDiffusionModel> model(new StableDiffusionModel());
    model->m_context = context;
    model->m_tokenizer.emplace(std::move(tokenizer));
    model->m_textEncoder = ClipTextModel(text);
    model->m_unet = UNet2DConditionModel(unet);
    model->m_vae = AutoencoderKL(vae);
    model->m_textEncoder->to(context.device(), context.dtype());
    model->m_unet->to(context.device(), context.dtype());
    model->m_vae->to(context.device(), autoencoderDtype(vae, context.dtype()));
    model->prepareModules();
    model->setMemoryBudget(EngineSettings{}.memoryBudgetMiB << 20);
    ComputeContext::releaseFreedMemory();
    model->m_scheduler.emplace(DdimSchedulerConfig::sd15());
    model->m_scalingFactor = vae.scalingFactor;
    model->m_identity = "random|" + context.describe();
    model->m_name = "random weights";
    return model;
}

void StableDiffusionModel::setMemoryBudget(int64_t bytes)
{
    JobLog::info("attention memory budget: " + std::to_string(bytes >> 20) + " MiB per layer, the same for each "
                 "feed-forward and full-resolution VAE stage");
    setAttentionMemoryBudget(*m_unet, bytes);
    setFeedForwardMemoryBudget(*m_unet, bytes);
    setAttentionMemoryBudget(*m_vae, bytes);
    // The UNet's maps are the latent's size (a few MiB); only the VAE's full-resolution stages need row bands.
    setRowBandBudget(*m_vae, bytes);
}

void StableDiffusionModel::prepareModules()
{
    for (auto* module : {static_cast<torch::nn::Module*>(m_textEncoder.get()),
                         static_cast<torch::nn::Module*>(m_unet.get()), static_cast<torch::nn::Module*>(m_vae.get())})
        module->eval();
    // oneDNN runs channels-last convolutions (the activations follow the weights) 25-40% faster on the CPU.
    // The float32 UNet stays contiguous: oneDNN's channels-last kernels round differently from the reference
    // path, enough to double the golden pipeline's error after ten guided steps. The VAE runs once per image
    // and its large feature maps gain the most.
    if (!m_context.device().is_cpu())
        return;
    if (m_context.dtype() != at::kFloat)
        useChannelsLastConvolutions(*m_unet);
    useChannelsLastConvolutions(*m_vae);
}

void StableDiffusionModel::addNegativeEmbedding(const TextualInversion& embedding, const std::string& path)
{
    int64_t expectedId = -1;
    for (const auto& token : embedding.expandedTokens()) {
        const int64_t id = m_tokenizer->addToken(token);
        expectedId = expectedId < 0 ? id : expectedId;
    }
    int64_t firstRow = -1;
    try {
        firstRow = m_textEncoder->appendTokenEmbeddings(embedding.vectors);
    } catch (const ModelFormatError& error) { // the text encoder does not know the file
        throw ModelFormatError(path + ": '" + embedding.token + "': " + error.what());
    }
    if (firstRow != expectedId)
        throw ModelFormatError("the tokenizer's vocabulary (" + std::to_string(expectedId) +
                               " tokens) does not match the text encoder's embedding table (" +
                               std::to_string(firstRow) + " rows)");
    m_negativeEmbedding = std::make_unique<TextualInversion>(embedding);
    m_negativePrompt = embedding.token;
}

at::Tensor StableDiffusionModel::encodePrompt(const std::string& prompt)
{
    torch::NoGradGuard noGrad;
    const std::string text = m_negativeEmbedding ? m_negativeEmbedding->expandPrompt(prompt) : prompt;
    const auto ids = m_tokenizer->encode(text);
    auto input = torch::tensor(ids, torch::kLong).unsqueeze(0).to(m_context.device()); // [1, 77]
    return m_textEncoder->forward(input).lastHiddenState;                              // [1, 77, D]
}

} // namespace fr2r::core
