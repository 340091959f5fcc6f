#include "core/diffusion/GuidedGeneration.h"

#include "core/api/BranchPlan.h"
#include "core/diffusion/DdimInversion.h"
#include "core/diffusion/NonFiniteCheck.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/diffusion/TextureAttentionControl.h"

#include <torch/torch.h>

namespace fr2r::core {
namespace {

// Installs the TAC hook on the UNet for the lifetime of one generation.
class ControlScope
{
public:
    ControlScope(UNet2DConditionModel& unet, AttentionControl* control)
        : m_unet(unet)
    {
        m_unet->setAttentionControl(control);
    }
    ~ControlScope() { m_unet->setAttentionControl(nullptr); }

private:
    UNet2DConditionModel& m_unet;
};

struct StepBatch
{
    at::Tensor samples;  // [R, 4, h, w]
    at::Tensor contexts; // [R, 77, D]
    std::vector<int64_t> tacRows;
    int firstGroupRow = 0; // 1 when the source row leads the batch
};

StepBatch buildBatch(const BranchPlan& plan, const std::vector<at::Tensor>& latents, const at::Tensor& sourceLatent,
                     const GenerationSetup& setup)
{
    std::vector<at::Tensor> samples;
    std::vector<at::Tensor> contexts;
    StepBatch batch;
    if (plan.sourceRowLeads()) {
        samples.push_back(sourceLatent);
        contexts.push_back(setup.sourceContext);
        batch.firstGroupRow = 1;
    }
    for (size_t g = 0; g < plan.groups().size(); ++g) {
        samples.insert(samples.end(), {latents[g], latents[g]});
        contexts.insert(contexts.end(), {setup.negativeContext, setup.positiveContext});
        const int64_t negativeRow = batch.firstGroupRow + 2 * static_cast<int64_t>(g);
        if (!plan.groups()[g].tacActive)
            continue;
        if (setup.branches == TacBranches::Both)
            batch.tacRows.push_back(negativeRow);
        batch.tacRows.push_back(negativeRow + 1);
    }
    batch.samples = torch::cat(samples, 0);
    batch.contexts = torch::cat(contexts, 0);
    return batch;
}

std::vector<at::Tensor> followSplits(const std::vector<at::Tensor>& latents, const std::vector<std::vector<size_t>>& children,
                                     size_t groups)
{
    std::vector<at::Tensor> next(groups);
    for (size_t parent = 0; parent < children.size(); ++parent)
        for (size_t child : children[parent])
            next[child] = latents[parent];
    return next;
}

} // namespace

std::vector<at::Tensor> generateRuns(StableDiffusionModel& model, TextureAttentionControl& tac,
                                     const GenerationSetup& setup, const std::vector<int>& controlledSteps,
                                     const RunControl& control, int startStep, at::Tensor startLatent,
                                     std::vector<at::Tensor>* history)
{
    torch::InferenceMode inference;
    ControlScope scope(model.unet(), &tac);
    const int k = static_cast<int>(setup.timesteps.size());
    BranchPlan plan(controlledSteps);
    std::vector<at::Tensor> latents{startLatent.defined() ? startLatent : setup.trajectory->latents[k]};
    for (int step = startStep; step < k; ++step) {
        const auto children = plan.advance(step);
        latents = followSplits(latents, children, plan.groups().size());
        if (history)
            history->push_back(latents.front());
        control.report(RigPhase::Generating, step + 1, k);
        control.throwIfStopped();
        const int64_t t = setup.timesteps[step];
        const StepBatch batch = buildBatch(plan, latents, setup.trajectory->latents[k - step], setup);
        tac.setTargetRows(batch.tacRows);
        const auto timestep = torch::full({}, t, torch::TensorOptions().dtype(torch::kLong).device(batch.samples.device()));
        const at::Tensor eps = model.unet()->forward(batch.samples, timestep, batch.contexts); // [R, 4, h, w]
        NonFiniteCheck::unetOutput(eps, "generation", step + 1, k, t);
        tac.setTargetRows({});
        if (control.stats) {
            ++control.stats->generationUnetCalls;
            control.stats->unetRowsEvaluated += batch.samples.size(0);
        }
        for (size_t g = 0; g < latents.size(); ++g) {
            const int64_t row = batch.firstGroupRow + 2 * static_cast<int64_t>(g);
            const at::Tensor negative = eps.narrow(0, row, 1);
            const at::Tensor guided = negative + setup.guidance * (eps.narrow(0, row + 1, 1) - negative);
            latents[g] = model.scheduler().step(guided, t, latents[g], setup.numInferenceSteps);
        }
    }
    if (history)
        history->push_back(latents.front());
    std::vector<at::Tensor> results(controlledSteps.size());
    for (size_t g = 0; g < plan.groups().size(); ++g)
        for (size_t run : plan.groups()[g].runs)
            results[run] = latents[g];
    return results;
}

} // namespace fr2r::core
