#pragma once

#include "core/io/GoldenCheck.h"
#include "core/model/ComputeContext.h"

#include <string>
#include <vector>

namespace fr2r::core {

// Recomputes one training step of each DKI stage from folder/training_reference.safetensors on the model in
// folder/model (the tiny golden layout): the LoRA stage's loss and the gradient of every LoRA matrix, and the
// textual-inversion stage's context, loss and the gradient of its new rows (on the UNet with
// folder/lora_peft.safetensors merged). Tolerances as the golden README gives them: the loss 1e-4 relative,
// each gradient 1e-3 x max |reference| + 1e-7. With gradientCheckpointing the UNet's blocks are checkpointed
// and the checks are named "training (gradient checkpointing): ...". Throws ModelFormatError when a file or key
// is missing.
std::vector<GoldenCheck> checkTrainingGolden(const std::string& folder, const ComputeContext& context,
                                             bool gradientCheckpointing = false);

} // namespace fr2r::core
