#include "core/diffusion/TextureAttentionControl.h"

#include <torch/torch.h>

namespace fr2r::core {
namespace {

void copyRowZeroInto(at::Tensor& tensor, const at::Tensor& rows)
{
    auto source = tensor.narrow(0, 0, 1).expand({rows.size(0), tensor.size(1), tensor.size(2)});
    tensor = tensor.index_copy(0, rows, source); // out of place: q and k may be views of one projection
}

} // namespace

TextureAttentionControl::TextureAttentionControl(std::vector<int> levels)
    : m_levels(levels.begin(), levels.end())
{
}

void TextureAttentionControl::setTargetRows(std::vector<int64_t> rows)
{
    m_rows = std::move(rows);
}

void TextureAttentionControl::adjustQueryKey(const AttentionSite& site, at::Tensor& query, at::Tensor& key)
{
    if (m_rows.empty() || !site.isSelfAttention || site.isMidBlock || m_levels.count(site.level) == 0)
        return;
    const auto rows = torch::tensor(m_rows, torch::TensorOptions().dtype(torch::kLong).device(query.device()));
    copyRowZeroInto(query, rows); // [B, L, C]
    copyRowZeroInto(key, rows);
}

} // namespace fr2r::core
