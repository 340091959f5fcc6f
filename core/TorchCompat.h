#pragma once

// The only place that knows about differences between LibTorch 1.13 (Debian, CPU) and 2.x.

#include <torch/torch.h>
#include <torch/version.h>

namespace fr2r::compat {

// softmax(q k^T * scale) v for [B, heads, L, D] tensors; mask is additive (or undefined).
inline at::Tensor scaledDotProductAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                            const at::Tensor& mask = {})
{
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt);
#else
    return std::get<0>(at::_scaled_dot_product_attention(q, k, v, mask.defined() ? c10::optional<at::Tensor>(mask) : c10::nullopt));
#endif
}

// 2.x has fused (flash) attention kernels on the CPU too; 1.13's CPU path materialises every head's scores.
constexpr bool kFusedCpuAttention = TORCH_VERSION_MAJOR >= 2;

// c10::Allocator::allocate is const up to LibTorch 2.2 and not from 2.3 on (which also adds copy_data).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define FR2R_ALLOCATE_CONST
#else
#define FR2R_ALLOCATE_CONST const
#endif

inline bool cudaAvailable()
{
    return torch::cuda::is_available();
}

} // namespace fr2r::compat
