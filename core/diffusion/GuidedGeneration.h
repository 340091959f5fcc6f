#pragma once

#include "core/api/RigParams.h"

#include <torch/types.h>

#include <vector>

namespace fr2r::core {

class StableDiffusionModel;
class TextureAttentionControl;
struct InversionTrajectory;
struct RunControl;

// Everything the generation loop shares between the runs of one strength.
struct GenerationSetup
{
    const InversionTrajectory* trajectory = nullptr; // latents[0..K]
    std::vector<int64_t> timesteps;                  // the K generation timesteps, descending
    at::Tensor sourceContext;                        // [1, 77, D]
    at::Tensor negativeContext;
    at::Tensor positiveContext;
    double guidance = 7.5;
    TacBranches branches = TacBranches::Positive;
    int numInferenceSteps = 50;
};

// DDIM generation (eta 0) with negative-domain guidance and TAC, for several runs that differ only in
// their controlled step counts, sharing work as BranchPlan describes; one UNet call per step carries
// the shared source row and a negative and a positive row per group of runs. Returns each run's final
// latent. A single run may resume at startStep from startLatent; history, if given (single run, holding
// the latents before steps 0..startStep-1), receives the latent before every later step and the result.
std::vector<at::Tensor> generateRuns(StableDiffusionModel& model, TextureAttentionControl& tac,
                                     const GenerationSetup& setup, const std::vector<int>& controlledSteps,
                                     const RunControl& control, int startStep = 0, at::Tensor startLatent = {},
                                     std::vector<at::Tensor>* history = nullptr);

} // namespace fr2r::core
