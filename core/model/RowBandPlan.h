#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace fr2r::core {

// How one full-resolution stage of the VAE (a GroupNorm with the SiLU and convolution after it, or an upsampler
// with its convolution) is laid out in memory: how many rows of its feature map are worked on at once, so that
// the stage's temporaries stay within the memory budget. Callers keep the last plan of each layer so the engine
// can log the decisions, as AttentionPlan does for attention.
struct RowBandPlan
{
    const char* stage = ""; // "group norm + SiLU + conv", "upsample + conv"
    int64_t channels = 0;
    int64_t height = 0;
    int64_t width = 0;
    int64_t rows = 0; // rows per band; == height: the whole map at once
    int64_t budgetBytes = 0;
    int64_t bandBytes = 0; // the temporaries of one band

    // bytesPerRow: the temporaries one row of the map costs; budgetBytes 0: no bound (one band).
    static RowBandPlan choose(const char* stage, int64_t channels, int64_t height, int64_t width, int64_t bytesPerRow,
                              int64_t budgetBytes);

    bool banded() const { return rows < height; }
    int64_t bands() const { return rows > 0 ? (height + rows - 1) / rows : 0; }
    std::string describe() const; // "VAE group norm + SiLU + conv, 256 ch 1024x768: 5 bands of 160 rows, ..."

    // Applies fn to the rows of input [B, C, H, W] band by band and puts the results together: fn gets a band
    // with up to `halo` rows of context above and below (fewer at the map's edges) and returns `scale` output rows
    // per input row; the context's output rows are cut away. With fn row-local within the halo (a same-size
    // convolution, nearest upsampling) the result equals fn(input).
    using BandFunction = std::function<at::Tensor(const at::Tensor&)>;
    at::Tensor run(const at::Tensor& input, int64_t halo, int64_t scale, const BandFunction& fn) const;

    // run() with scale 1 for an fn that keeps the channel count, plus residual(start, rows) added to each band's
    // result, written over input (which the caller gives up): a band's result waits until the next band has read
    // its halo rows, so the stage's input and output never both exist whole.
    using Residual = std::function<at::Tensor(int64_t start, int64_t rows)>;
    at::Tensor runInPlace(at::Tensor input, int64_t halo, const BandFunction& fn, const Residual& residual) const;
};

// Bounds the band temporaries of every GroupNorm and Upsample2D below root (bytes, 0: none).
void setRowBandBudget(torch::nn::Module& root, int64_t bytes);
// The last plans of the layers below root that worked in more than one band.
std::vector<RowBandPlan> rowBandPlans(torch::nn::Module& root);

} // namespace fr2r::core
