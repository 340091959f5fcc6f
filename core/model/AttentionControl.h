#pragma once

#include <torch/types.h>

namespace fr2r::core {

// Where an attention layer sits in the UNet, so a controller can pick layers.
struct AttentionSite
{
    int level = 0;              // resolution level: 0 = full latent resolution (down_blocks.0 / up_blocks.last)
    bool isSelfAttention = true; // attn1 (true) or attn2 (cross-attention)
    bool isMidBlock = false;
};

// The one hook into UNet attention: texture-preserving attention control replaces the queries and
// keys of chosen batch rows by those of the source row. Called with the projected q and k
// ([B, L, C]) before they are split into heads; may replace them in place or reassign them.
class AttentionControl
{
public:
    virtual ~AttentionControl() = default;
    virtual void adjustQueryKey(const AttentionSite& site, at::Tensor& query, at::Tensor& key) = 0;
};

} // namespace fr2r::core
