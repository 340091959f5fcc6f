#pragma once

#include "core/model/AttentionControl.h"

#include <set>
#include <vector>

namespace fr2r::core {

// Texture-preserving attention control (TAC): in the self-attention layers of the chosen
// resolution levels, the queries and keys of the target rows are replaced by those of batch
// row 0 (the source branch, run on the stored inversion latent). Values stay their own.
class TextureAttentionControl : public AttentionControl
{
public:
    explicit TextureAttentionControl(std::vector<int> levels);

    // Rows that take row 0's queries and keys in the next UNet call; empty = inactive.
    void setTargetRows(std::vector<int64_t> rows);

    void adjustQueryKey(const AttentionSite& site, at::Tensor& query, at::Tensor& key) override;

private:
    std::set<int> m_levels;
    std::vector<int64_t> m_rows;
};

} // namespace fr2r::core
