#include "core/model/RowBandPlan.h"

#include "core/api/Error.h"
#include "core/model/BudgetSplit.h"
#include "core/model/GroupNorm.h"
#include "core/model/Upsample2D.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include <algorithm>
#include <cstdio>

namespace fr2r::core {

RowBandPlan RowBandPlan::choose(const char* stage, int64_t channels, int64_t height, int64_t width, int64_t bytesPerRow,
                                int64_t budgetBytes)
{
    RowBandPlan plan;
    plan.stage = stage;
    plan.channels = channels;
    plan.height = height;
    plan.width = width;
    plan.budgetBytes = budgetBytes;
    plan.rows = budgetBytes > 0 ? unitsWithinBudget(budgetBytes, bytesPerRow, height)
                                : height;
    plan.bandBytes = plan.rows * bytesPerRow;
    return plan;
}

std::string RowBandPlan::describe() const
{
    char text[200];
    std::snprintf(text, sizeof text, "VAE %s, %lld ch %lldx%lld: %lld band%s of %lld rows, %.1f MiB temporaries "
                                     "(budget %.0f MiB)",
                  stage, static_cast<long long>(channels), static_cast<long long>(width),
                  static_cast<long long>(height), static_cast<long long>(bands()), bands() == 1 ? "" : "s",
                  static_cast<long long>(rows), bandBytes / 1048576.0, budgetBytes / 1048576.0);
    return text;
}

at::Tensor RowBandPlan::run(const at::Tensor& input, int64_t halo, int64_t scale, const BandFunction& fn) const
{
    const int64_t height = input.size(2);
    at::Tensor output; // every row written by exactly one band before it is read
    for (int64_t start = 0; start < height; start += rows) {
        const int64_t end = std::min(height, start + rows);
        const int64_t first = std::max<int64_t>(0, start - halo);
        const int64_t last = std::min(height, end + halo);
        const at::Tensor band = fn(input.narrow(2, first, last - first)); // [B, Cout, (last - first) * scale, W']
        if (!output.defined())
            output = at::empty({band.size(0), band.size(1), height * scale, band.size(3)},
                               band.options().memory_format(band.suggest_memory_format()));
        output.narrow(2, start * scale, (end - start) * scale)
            .copy_(band.narrow(2, (start - first) * scale, (end - start) * scale));
    }
    return output;
}

at::Tensor RowBandPlan::runInPlace(at::Tensor input, int64_t halo, const BandFunction& fn,
                                   const Residual& residual) const
{
    const int64_t height = input.size(2);
    if (rows < halo)
        throw InvalidArgumentError("RowBandPlan::runInPlace: bands of at least the halo's rows");
    at::Tensor pending; // the previous band's result, until this band has read its last rows
    int64_t pendingStart = 0;
    for (int64_t start = 0; start < height; start += rows) {
        const int64_t end = std::min(height, start + rows);
        const int64_t first = std::max<int64_t>(0, start - halo);
        const int64_t last = std::min(height, end + halo);
        at::Tensor band = fn(input.narrow(2, first, last - first)).narrow(2, start - first, end - start);
        band.add_(residual(start, end - start));
        if (pending.defined())
            input.narrow(2, pendingStart, pending.size(2)).copy_(pending);
        pending = band;
        pendingStart = start;
    }
    input.narrow(2, pendingStart, pending.size(2)).copy_(pending);
    return input;
}

void setRowBandBudget(torch::nn::Module& root, int64_t bytes)
{
    for (const auto& module : root.modules(false)) {
        if (auto norm = std::dynamic_pointer_cast<GroupNormImpl>(module))
            norm->setMemoryBudget(bytes);
        else if (auto upsample = std::dynamic_pointer_cast<Upsample2DImpl>(module))
            upsample->setMemoryBudget(bytes);
    }
}

std::vector<RowBandPlan> rowBandPlans(torch::nn::Module& root)
{
    std::vector<RowBandPlan> plans;
    for (const auto& module : root.modules(false)) {
        RowBandPlan plan;
        if (auto norm = std::dynamic_pointer_cast<GroupNormImpl>(module))
            plan = norm->lastPlan();
        else if (auto upsample = std::dynamic_pointer_cast<Upsample2DImpl>(module))
            plan = upsample->lastPlan();
        if (plan.banded())
            plans.push_back(plan);
    }
    return plans;
}

} // namespace fr2r::core
