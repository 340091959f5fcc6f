#pragma once

#include <torch/types.h>

#include <vector>

namespace fr2r::core {

class StableDiffusionModel;
struct RunControl;

// The latents of a partial DDIM inversion: latents[0] = z0, latents[k] after k steps.
// Ascending inversions of one image and N share prefixes, so a trajectory only ever grows.
struct InversionTrajectory
{
    std::vector<at::Tensor> latents;

    int steps() const { return static_cast<int>(latents.size()) - 1; }
};

// Extends trajectory (holding at least z0) until it has covered order.size() timesteps, visiting
// them in the given order; unconditional on sourceContext, no guidance (golden README, RIG step 3).
void extendInversion(StableDiffusionModel& model, InversionTrajectory& trajectory, const std::vector<int64_t>& order,
                     const at::Tensor& sourceContext, int numInferenceSteps, const RunControl& control);

} // namespace fr2r::core
