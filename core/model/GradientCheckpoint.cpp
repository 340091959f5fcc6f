#include "core/model/GradientCheckpoint.h"

#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/utils.h>

#include <memory>
#include <utility>

namespace fr2r::core {
namespace {

thread_local int t_activeDepth = 0;

class ActiveScope
{
public:
    ActiveScope() { ++t_activeDepth; }
    ~ActiveScope() { --t_activeDepth; }
    ActiveScope(const ActiveScope&) = delete;
    ActiveScope& operator=(const ActiveScope&) = delete;
};

// The checkpointed block's node in the outer graph: one gradient in (its output's), one per input out.
class RecomputeBackward : public torch::autograd::Node
{
public:
    RecomputeBackward(GradientCheckpoint::Block block, std::vector<at::Tensor> inputs, std::vector<bool> requiresGrad)
        : m_block(std::move(block))
        , m_inputs(std::move(inputs))
        , m_requiresGrad(std::move(requiresGrad))
    {
    }

    std::string name() const override { return "GradientCheckpointBackward"; }
    void release_variables() override { m_inputs.clear(); }

    torch::autograd::variable_list apply(torch::autograd::variable_list&& grads) override
    {
        std::vector<at::Tensor> inputs;
        for (size_t i = 0; i < m_inputs.size(); ++i) {
            const at::Tensor& input = m_inputs[i];
            inputs.push_back(input.defined() ? input.detach().requires_grad_(m_requiresGrad[i]) : at::Tensor());
        }
        at::Tensor output;
        {
            const ActiveScope active;
            const at::AutoGradMode gradients(true);
            output = m_block(inputs);
        }
        torch::autograd::variable_list result(inputs.size());
        // A block whose output depends on nothing trainable (the first resnet) has nothing to pass on.
        if (!grads.at(0).defined() || !output.requires_grad())
            return result;
        // Reentrant: the fresh graph ends in the LoRA matrices (the side paths' A and B), whose .grad it accumulates.
        torch::autograd::backward({output}, {grads[0]});
        for (size_t i = 0; i < inputs.size(); ++i)
            if (m_requiresGrad[i])
                result[i] = inputs[i].grad();
        return result;
    }

private:
    GradientCheckpoint::Block m_block;
    std::vector<at::Tensor> m_inputs; // detached: the node holds no part of the outer graph
    std::vector<bool> m_requiresGrad;
};

} // namespace

at::Tensor GradientCheckpoint::run(const Block& block, const std::vector<at::Tensor>& inputs)
{
    if (!at::GradMode::is_enabled())
        return block(inputs);
    std::vector<at::Tensor> detached;
    std::vector<bool> requiresGrad;
    for (const auto& input : inputs) {
        detached.push_back(input.defined() ? input.detach() : at::Tensor());
        requiresGrad.push_back(input.defined() && input.requires_grad());
    }
    at::Tensor output;
    {
        const ActiveScope active;
        const at::NoGradGuard noGradients;
        output = block(detached);
    }
    // Always attached, even when no input requires grad: the block's own weights (LoRA) may.
    const std::shared_ptr<RecomputeBackward> node(new RecomputeBackward(block, detached, requiresGrad),
                                                  torch::autograd::deleteNode);
    node->set_next_edges(torch::autograd::collect_next_edges(at::ArrayRef<at::Tensor>(inputs)));
    torch::autograd::set_history(output, node);
    return output;
}

bool GradientCheckpoint::active()
{
    return t_activeDepth > 0;
}

bool GradientCheckpoint::differentiableKernels()
{
    return at::GradMode::is_enabled() || active();
}

} // namespace fr2r::core
