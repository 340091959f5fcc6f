#pragma once

#include <ATen/core/Tensor.h>

namespace fr2r::core {

// A low-rank side path on a linear projection: W x + b + scale * B (A x). Training's LoRA attaches one to each
// adapted projection (AttentionImpl::setAdapter), so that autograd differentiates rank-r products only: no
// gradient of the frozen W, no merged weight rebuilt every step. The matrices are shared, not copied: the
// optimizer's in-place updates are what the next forward reads.
class LowRankAdapter
{
public:
    LowRankAdapter(at::Tensor down, at::Tensor up, double scale); // A [rank, in], B [out, rank]

    // base + scale * B (A x) for x [..., in] and the projection's own output base = W x + b [..., out]. The
    // matrices (float32) are cast to x's dtype as autocast would, so bf16 models run bf16 GEMMs.
    at::Tensor addTo(const at::Tensor& base, const at::Tensor& x) const;

private:
    at::Tensor m_down;
    at::Tensor m_up;
    double m_scale;
};

} // namespace fr2r::core
