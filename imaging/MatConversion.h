#pragma once

#include "core/api/ImageBuffer.h"

#include <opencv2/core.hpp>

namespace fr2r::imaging {

// A CV_8UC3 (RGB) header over the buffer's pixels, no copy; valid while the buffer lives unchanged.
// Throws InvalidArgumentError when the buffer is null or its pixel count does not match its size.
cv::Mat rgbView(ImageBuffer& image);

// The same for reading only: cv::Mat has no const view, so callers must not write through it.
cv::Mat rgbView(const ImageBuffer& image);

// Copies a CV_8UC3 RGB matrix into a new buffer.
ImageBuffer toImageBuffer(const cv::Mat& rgb);

// A BGR copy, the channel order cv::imencode expects.
cv::Mat toBgr(const ImageBuffer& image);

} // namespace fr2r::imaging
