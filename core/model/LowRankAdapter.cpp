#include "core/model/LowRankAdapter.h"

#include <ATen/ATen.h>

#include <utility>

namespace fr2r::core {

LowRankAdapter::LowRankAdapter(at::Tensor down, at::Tensor up, double scale)
    : m_down(std::move(down))
    , m_up(std::move(up))
    , m_scale(scale)
{
}

at::Tensor LowRankAdapter::addTo(const at::Tensor& base, const at::Tensor& x) const
{
    const at::Tensor down = m_down.to(x.scalar_type());
    const at::Tensor up = (m_up * m_scale).to(x.scalar_type()); // scaling [out, rank] costs less than the output
    const at::Tensor low = at::linear(x, down);                  // [..., rank]
    // One GEMM that accumulates onto base: no [..., out] temporary for B (A x) and no separate add.
    const at::Tensor sum = at::addmm(base.reshape({-1, base.size(-1)}), low.reshape({-1, low.size(-1)}), up.t());
    return sum.view(base.sizes());
}

} // namespace fr2r::core
