#pragma once

#include "core/model/AutoencoderKL.h"

#include <torch/types.h>

#include <functional>

namespace fr2r::core {

// Encodes or decodes large images in overlapping tiles whose seams are blended linearly, so the VAE's
// convolutional stages never hold more than one tile's activations. The stages that see the whole image at the
// latent size (the mid block's attention) run untiled, and every tile normalises with the GroupNorm statistics
// of one whole pass at a preview size within previewPixels. With a preview of the full size the result equals
// the untiled one (the blending skips the pixels the tiles' zero padding changed); a downscaled preview's
// statistics differ from the full image's, so that result is close to, not equal to, the untiled one.
// Tiles and overlaps are in pixels of the image side.
struct VaeTiling
{
    int64_t tilePixels = 512;
    int64_t overlapPixels = 128; // a quarter of it on each side lies beyond the padding effects (see blendRamp)
    int64_t thresholdPixels = 1024 * 1024; // images with more pixels than this are tiled
    int64_t previewPixels = 1024 * 1024;   // the whole-image pass that gives the GroupNorm statistics fits this

    bool applies(int64_t height, int64_t width) const { return height * width > thresholdPixels; }
    int64_t previewFactor(int64_t height, int64_t width) const; // smallest downscale within previewPixels

    at::Tensor encodeMean(AutoencoderKL& vae, const at::Tensor& image) const;  // [B,3,H,W] -> [B,4,H/f,W/f]
    at::Tensor decode(AutoencoderKL& vae, const at::Tensor& latent) const;     // [B,4,h,w] -> [B,3,h*f,w*f]

    // Applies fn (output side = scale x input side) to overlapping tiles of input ([B, C, H, W]) and
    // blends the results with linear ramps across the overlaps; the ramps of neighbours sum to one.
    using TileFunction = std::function<at::Tensor(const at::Tensor&)>;
    static at::Tensor applyTiled(const at::Tensor& input, int64_t tile, int64_t overlap, double scale,
                                 const TileFunction& fn);
};

} // namespace fr2r::core
