#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace fr2r::core {

// Ports diffusers' Timesteps (sinusoidal features, no weights) and TimestepEmbedding (linear_1, SiLU, linear_2).
class TimestepEmbeddingImpl : public torch::nn::Module
{
public:
    TimestepEmbeddingImpl(int64_t inChannels, int64_t embeddingDim);

    at::Tensor forward(const at::Tensor& features); // [B, in] -> [B, embeddingDim]

    // diffusers.models.embeddings.get_timestep_embedding: [B] timesteps -> float32 [B, dim].
    static at::Tensor sinusoidal(const at::Tensor& timesteps, int64_t dim, bool flipSinToCos, double freqShift);

private:
    torch::nn::Linear m_linear1{nullptr};
    torch::nn::Linear m_linear2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

} // namespace fr2r::core
