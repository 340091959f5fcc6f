#pragma once

#include "core/api/ImageBuffer.h"

#include <functional>
#include <string>
#include <vector>

namespace fr2r::core {

// The image side of an evaluation, supplied by the caller (imaging builds it) so metrics needs no OpenCV and
// imaging needs no metrics.
struct EvaluationIo
{
    std::function<std::vector<std::string>(const std::string& folder)> listImages; // sorted relative paths
    std::function<ImageBuffer(const std::string& path)> readImage;                 // throws fr2r::Error
    std::function<ImageBuffer(const ImageBuffer& image, int width, int height)> resizeArea;
    std::function<double(const ImageBuffer& a, const ImageBuffer& b)> ssim; // equal sizes
};

} // namespace fr2r::core
