#include "core/model/MemoryPlanLines.h"

#include "core/model/Attention.h"
#include "core/model/RowBandPlan.h"
#include "core/model/TransformerBlocks.h"

#include <algorithm>

namespace fr2r::core {
namespace {

void addOnce(std::vector<std::string>& lines, const std::string& line)
{
    if (std::find(lines.begin(), lines.end(), line) == lines.end())
        lines.push_back(line);
}

} // namespace

MemoryPlanLines MemoryPlanLines::of(torch::nn::Module& unet, torch::nn::Module& vae)
{
    MemoryPlanLines lines;
    for (torch::nn::Module* root : {&unet, &vae})
        for (const AttentionPlan& plan : attentionPlans(*root))
            addOnce(lines.attention, plan.describe());
    for (const std::string& plan : feedForwardPlans(unet))
        addOnce(lines.splits, plan);
    for (const RowBandPlan& plan : rowBandPlans(vae))
        addOnce(lines.splits, plan.describe());
    return lines;
}

} // namespace fr2r::core
