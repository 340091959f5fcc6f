#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/StopCheck.h"
#include "core/diffusion/DdimScheduler.h"
#include "core/model/AutoencoderKL.h"
#include "core/model/ClipTextModel.h"
#include "core/model/ComputeContext.h"
#include "core/model/UNet2DConditionModel.h"
#include "core/text/ClipTokenizer.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace fr2r::core {

struct Checkpoint;
struct DomainPackFolder;
struct TextualInversion;

// The loaded Stable Diffusion 1.x model with its domain pack: tokenizer, text encoder, UNet,
// VAE and DDIM scheduler on one device in one dtype, LoRA merged, negative embedding added.
class StableDiffusionModel
{
public:
    // Throws ModelFormatError (files), InvalidArgumentError (device/dtype) or OutOfMemoryError; stop is checked
    // between components and weight tensors (it throws Cancelled).
    static std::unique_ptr<StableDiffusionModel> load(const EngineSettings& settings, const ComputeContext& context,
                                                      const StopCheck& stop = {});
    // A model of the given sizes with LibTorch's default random initialisation, for benchmarks.
    static std::unique_ptr<StableDiffusionModel> withRandomWeights(const UNetConfig& unet, const AutoencoderConfig& vae,
                                                                   const ClipTextConfig& text, ClipTokenizer tokenizer,
                                                                   const ComputeContext& context);

    ~StableDiffusionModel();

    // Bounds the working memory of every UNet and VAE attention call and of the VAE's full-resolution stages
    // (EngineSettings::memoryBudgetMiB, in bytes here); each layer's lastPlan() then says how it was chunked.
    void setMemoryBudget(int64_t bytes);

    const ComputeContext& context() const { return m_context; }
    ClipTokenizer& tokenizer() { return *m_tokenizer; }
    ClipTextModel& textEncoder() { return m_textEncoder; }
    UNet2DConditionModel& unet() { return m_unet; }
    AutoencoderKL& vae() { return m_vae; }
    const DdimScheduler& scheduler() const { return *m_scheduler; }
    double scalingFactor() const { return m_scalingFactor; }

    // [1, 77, D] last hidden state in the compute dtype; the negative embedding's token is expanded.
    at::Tensor encodePrompt(const std::string& prompt);
    // The prompt that selects the negative ("rendered-domain") embedding; empty without one.
    const std::string& negativePrompt() const { return m_negativePrompt; }
    // Training's preview: the tokens of an embedding being learned, already added to the tokenizer and table.
    void setNegativePrompt(std::string prompt) { m_negativePrompt = std::move(prompt); }
    // Identifies weights and domain pack for cache keys: paths, LoRA multipliers, dtype, device.
    const std::string& identity() const { return m_identity; }
    const std::string& name() const { return m_name; }
    // What was loaded: the settings with the domain pack's LoRA and negative embedding resolved to their files.
    const EngineSettings& settings() const { return m_settings; }
    // hashOfModelWeights of the model path, computed once; empty for random weights.
    const std::string& weightsSha256();

private:
    StableDiffusionModel() = default;
    void addWeightFiles(const Checkpoint& checkpoint, const StopCheck& stop);
    void checkPackBaseModel(const DomainPackFolder& pack);
    void addNegativeEmbedding(const TextualInversion& embedding, const std::string& path);
    void prepareModules();

    ComputeContext m_context;
    std::optional<ClipTokenizer> m_tokenizer;
    ClipTextModel m_textEncoder{nullptr};
    UNet2DConditionModel m_unet{nullptr};
    AutoencoderKL m_vae{nullptr};
    std::optional<DdimScheduler> m_scheduler;
    double m_scalingFactor = 0.18215;
    std::string m_negativePrompt;
    std::unique_ptr<TextualInversion> m_negativeEmbedding;
    EngineSettings m_settings;
    std::optional<std::string> m_weightsSha256;
    std::string m_identity;
    std::string m_name;
};

} // namespace fr2r::core
