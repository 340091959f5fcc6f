#pragma once

#include "core/api/ImageBuffer.h"

namespace fr2r::imaging {

enum class ResizeFilter {
    Auto, // Area when shrinking in both directions, Lanczos otherwise
    Area, // pixel-area averaging: no moire when downscaling
    Nearest, // hard pixels (masks, pixel-art previews)
    Linear,
    Cubic,
    Lanczos, // Lanczos-4, the sharpest for upscaling
};

// A resized copy (width x height > 0); an equal size returns a copy. Throws InvalidArgumentError for an
// empty image or a non-positive size.
ImageBuffer resizeImage(const ImageBuffer& image, int width, int height, ResizeFilter filter = ResizeFilter::Auto);

} // namespace fr2r::imaging
