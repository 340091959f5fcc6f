#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

namespace fr2r::core {

// Reentrant gradient checkpointing, as torch.utils.checkpoint (which LibTorch's C++ API lacks): a block's
// forward keeps no activations; its backward runs the block again with gradients on and back-propagates
// through that fresh graph, so whatever the block reads requires grad (LoRA's side-path matrices, an input such
// as the text encoder's output) gets its gradient. Memory falls to the blocks' inputs plus one block's graph.
class GradientCheckpoint
{
public:
    using Block = std::function<at::Tensor(const std::vector<at::Tensor>&)>;

    // block(inputs), checkpointed while gradients are on; with them off (inference) simply block(inputs).
    // The block must be deterministic (it runs twice) and read no tensor that requires grad except its inputs
    // and the weights of its modules and their side paths (leaves); inputs may be undefined.
    static at::Tensor run(const Block& block, const std::vector<at::Tensor>& inputs);

    // True inside a checkpoint's forward and recomputation (on this thread).
    static bool active();
    // Whether layers must take the kernels autograd differentiates (LibTorch's own) instead of the inference fast
    // paths: gradients are on, or a checkpoint runs, whose forward (without gradients) must compute what its
    // recomputation (with them) differentiates.
    static bool differentiableKernels();
};

} // namespace fr2r::core
