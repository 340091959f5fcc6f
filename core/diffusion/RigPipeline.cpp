#include "core/diffusion/RigPipeline.h"

#include "core/api/JobLog.h"
#include "core/diffusion/GuidedGeneration.h"
#include "core/diffusion/NonFiniteCheck.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/diffusion/TextureAttentionControl.h"

#include <torch/torch.h>

#include <algorithm>
#include <sstream>

namespace fr2r::core {

struct RigPipeline::Prepared
{
    GenerationSetup setup;
    std::string generationKey; // everything the generation depends on except gamma
};

namespace {

std::string levelsText(const std::vector<int>& levels)
{
    std::ostringstream text;
    for (int level : levels)
        text << level << ',';
    return text.str();
}

} // namespace

RigPipeline::RigPipeline(StableDiffusionModel& model)
    : m_model(model)
{
}

at::Tensor RigPipeline::context(const std::string& prompt)
{
    auto it = m_contexts.find(prompt);
    if (it == m_contexts.end())
        it = m_contexts.emplace(prompt, m_model.encodePrompt(prompt)).first;
    return it->second;
}

RigPipeline::Prepared RigPipeline::prepare(const at::Tensor& image, const std::string& imageKey, const RigParams& params,
                                           const RunControl& control)
{
    torch::InferenceMode inference;
    const int k = params.effectiveSteps();
    const auto all = m_model.scheduler().timesteps(params.steps); // descending
    std::vector<int64_t> generation(all.end() - k, all.end());    // the K lowest, descending
    std::vector<int64_t> order = generation;
    const bool release = params.compat == CompatMode::Release;
    if (!release)
        std::reverse(order.begin(), order.end()); // ascending

    std::ostringstream key;
    key << imageKey << '|' << m_model.identity() << '|' << params.steps << '|' << params.sourcePrompt << '|'
        << image.size(2) << 'x' << image.size(3) << '|' << toString(params.compat) << (release ? "|" + std::to_string(k) : "");
    InversionTrajectory& trajectory = m_inversions.entry(key.str());
    if (trajectory.latents.empty()) {
        control.throwIfStopped();
        control.report(RigPhase::Encoding, 1, 1);
        const auto pixels = image.to(m_model.context().device()); // the VAE casts to its own dtype
        trajectory.latents.push_back(m_tiling.encodeMean(m_model.vae(), pixels) * m_model.scalingFactor());
        // The encoder's full-resolution maps are freed: the UNet's passes keep blocks for reuse within their own
        // high-water mark, not the encoder's (LargeBlockAllocator).
        ComputeContext::releaseFreedMemory();
    }
    const at::Tensor source = context(params.sourcePrompt);
    extendInversion(m_model, trajectory, order, source, params.steps, control);

    Prepared prepared;
    prepared.setup = GenerationSetup{&trajectory,        generation,         source,
                                     context(m_model.negativePrompt()), context(params.positivePrompt), params.guidance,
                                     params.tacBranches, params.steps};
    std::ostringstream generationKey;
    generationKey << key.str() << '|' << k << '|' << params.guidance << '|' << params.positivePrompt << '|'
                  << levelsText(params.tacLevels) << '|' << toString(params.tacBranches);
    prepared.generationKey = generationKey.str();
    return prepared;
}

RigPipeline::Result RigPipeline::run(const at::Tensor& image, const std::string& imageKey, const RigParams& params,
                                     const RunControl& control)
{
    Prepared prepared = prepare(image, imageKey, params, control);
    const GenerationSetup& setup = prepared.setup;
    const int k = static_cast<int>(setup.timesteps.size());
    const int controlled = params.controlledSteps();
    TextureAttentionControl tac(params.tacLevels);

    const bool resumable = prepared.generationKey == m_lastGenerationKey && static_cast<int>(m_lastHistory.size()) == k + 1;
    if (!resumable || controlled != m_lastControlledSteps) {
        // Runs whose TAC windows differ are identical up to the shorter window's end.
        const int start = resumable ? std::min(controlled, m_lastControlledSteps) : 0;
        const at::Tensor startLatent = resumable ? m_lastHistory[start] : at::Tensor();
        m_lastHistory.resize(start);
        m_lastGenerationKey.clear(); // stays invalid if the generation below is cancelled or fails
        generateRuns(m_model, tac, setup, {controlled}, control, start, startLatent, &m_lastHistory);
        m_lastGenerationKey = prepared.generationKey;
        m_lastControlledSteps = controlled;
    }
    Result result;
    result.z0 = setup.trajectory->latents.front();
    result.inverted = setup.trajectory->latents[k];
    result.finalLatent = m_lastHistory.back();
    result.image = decode(result.finalLatent, control);
    return result;
}

std::vector<at::Tensor> RigPipeline::sweepStrength(const at::Tensor& image, const std::string& imageKey,
                                                   const RigParams& params, const std::vector<double>& gammas,
                                                   const RunControl& control)
{
    Prepared prepared = prepare(image, imageKey, params, control);
    std::vector<int> controlled;
    for (double gamma : gammas) {
        RigParams cell = params;
        cell.gamma = gamma;
        controlled.push_back(cell.controlledSteps());
    }
    TextureAttentionControl tac(params.tacLevels);
    return generateRuns(m_model, tac, prepared.setup, controlled, control);
}

at::Tensor RigPipeline::decode(const at::Tensor& latent, const RunControl& control)
{
    torch::InferenceMode inference;
    control.throwIfStopped();
    control.report(RigPhase::Decoding, 1, 1);
    // The UNet's freed activations kept for reuse (LargeBlockAllocator, glibc's heap) would come on top of the
    // VAE's full-resolution maps.
    ComputeContext::releaseFreedMemory();
    const at::Tensor image = m_tiling.decode(m_model.vae(), latent / m_model.scalingFactor());
    NonFiniteCheck::decodedImage(image);
    // float32 whatever the model's precision, as tiled decodes blend in it
    return image.to(at::kFloat).clamp(-1.0, 1.0);
}

} // namespace fr2r::core
