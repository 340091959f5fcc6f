#include "core/diffusion/NonFiniteCheck.h"

#include "core/api/Error.h"

#include <ATen/ATen.h>

#include <string>

namespace fr2r::core {
namespace {

bool allFinite(const at::Tensor& tensor)
{
    return at::isfinite(tensor).all().item<bool>();
}

std::string advice(const at::Tensor& tensor)
{
    return tensor.scalar_type() == at::kFloat ? "the model's weights or the input may be broken"
                                              : "try float32 (--dtype fp32) or a model trained for this precision";
}

} // namespace

void NonFiniteCheck::unetOutput(const at::Tensor& output, const char* phase, int step, int steps, int64_t timestep)
{
    if (!allFinite(output))
        throw Error("the model produced non-finite values at " + std::string(phase) + " step " + std::to_string(step)
                    + " of " + std::to_string(steps) + " (t = " + std::to_string(timestep) + "); " + advice(output));
}

void NonFiniteCheck::decodedImage(const at::Tensor& image)
{
    if (!allFinite(image))
        throw Error("the VAE decoder produced non-finite values; " + advice(image));
}

} // namespace fr2r::core
