#include "core/diffusion/DdimInversion.h"

#include "core/diffusion/NonFiniteCheck.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"

#include <torch/torch.h>

namespace fr2r::core {

void extendInversion(StableDiffusionModel& model, InversionTrajectory& trajectory, const std::vector<int64_t>& order,
                     const at::Tensor& sourceContext, int numInferenceSteps, const RunControl& control)
{
    torch::InferenceMode inference;
    const int total = static_cast<int>(order.size());
    for (int k = trajectory.steps(); k < total; ++k) {
        control.report(RigPhase::Inverting, k + 1, total);
        control.throwIfStopped();
        const at::Tensor& z = trajectory.latents.back(); // [1, 4, h, w]
        const auto t = torch::full({}, order[k], torch::TensorOptions().dtype(torch::kLong).device(z.device()));
        const at::Tensor eps = model.unet()->forward(z, t, sourceContext);
        NonFiniteCheck::unetOutput(eps, "inversion", k + 1, total, order[k]);
        if (control.stats) {
            ++control.stats->inversionUnetCalls;
            control.stats->unetRowsEvaluated += z.size(0);
        }
        trajectory.latents.push_back(model.scheduler().inverseStep(eps, order[k], z, numInferenceSteps));
    }
}

} // namespace fr2r::core
