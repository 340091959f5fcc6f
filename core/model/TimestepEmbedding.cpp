#include "core/model/TimestepEmbedding.h"

#include <ATen/ATen.h>

#include <cmath>

namespace fr2r::core {

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t inChannels, int64_t embeddingDim)
{
    m_linear1 = register_module("linear_1", torch::nn::Linear(inChannels, embeddingDim));
    m_linear2 = register_module("linear_2", torch::nn::Linear(embeddingDim, embeddingDim));
}

at::Tensor TimestepEmbeddingImpl::forward(const at::Tensor& features)
{
    return m_linear2(at::silu(m_linear1(features))); // [B, embeddingDim]
}

at::Tensor TimestepEmbeddingImpl::sinusoidal(const at::Tensor& timesteps, int64_t dim, bool flipSinToCos,
                                             double freqShift)
{
    const int64_t half = dim / 2;
    const auto options = at::TensorOptions().dtype(at::kFloat).device(timesteps.device());
    // Same operation order as diffusers so float32 rounding matches.
    const at::Tensor exponent = at::arange(0, half, options) * (-std::log(10000.0)) / (double(half) - freqShift);
    const at::Tensor angles = timesteps.to(at::kFloat).unsqueeze(1) * at::exp(exponent).unsqueeze(0); // [B, half]
    at::Tensor features = flipSinToCos ? at::cat({at::cos(angles), at::sin(angles)}, -1)
                                       : at::cat({at::sin(angles), at::cos(angles)}, -1); // [B, 2 * half]
    if (dim % 2 == 1)
        features = at::constant_pad_nd(features, {0, 1}, 0); // [B, dim]
    return features;
}

} // namespace fr2r::core
