#pragma once

#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace fr2r::core {

// What the memory budget made of a model's layers in their last pass, each distinct decision once: the attention
// plans (kernel, query rows at once), and the work split to stay within the budget (feed-forward token chunks,
// VAE row bands). The engine logs them with the job; the benchmarks print them.
struct MemoryPlanLines
{
    std::vector<std::string> attention;
    std::vector<std::string> splits;

    static MemoryPlanLines of(torch::nn::Module& unet, torch::nn::Module& vae);
};

} // namespace fr2r::core
