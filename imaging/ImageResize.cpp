#include "imaging/ImageResize.h"

#include "core/api/Error.h"
#include "imaging/MatConversion.h"

#include <opencv2/imgproc.hpp>
#include <string>

namespace fr2r::imaging {

namespace {

int interpolation(ResizeFilter filter, bool shrinking)
{
    switch (filter) {
    case ResizeFilter::Auto:
        return shrinking ? cv::INTER_AREA : cv::INTER_LANCZOS4;
    case ResizeFilter::Area:
        return cv::INTER_AREA;
    case ResizeFilter::Nearest:
        return cv::INTER_NEAREST;
    case ResizeFilter::Linear:
        return cv::INTER_LINEAR;
    case ResizeFilter::Cubic:
        return cv::INTER_CUBIC;
    case ResizeFilter::Lanczos:
        return cv::INTER_LANCZOS4;
    }
    return cv::INTER_AREA;
}

} // namespace

ImageBuffer resizeImage(const ImageBuffer& image, int width, int height, ResizeFilter filter)
{
    if (width <= 0 || height <= 0)
        throw InvalidArgumentError("cannot resize an image to " + std::to_string(width) + "x" + std::to_string(height));
    const cv::Mat source = rgbView(image);
    if (width == image.width && height == image.height)
        return image;
    const bool shrinking = width <= image.width && height <= image.height;
    ImageBuffer resized(width, height);
    cv::Mat target = rgbView(resized);
    cv::resize(source, target, target.size(), 0, 0, interpolation(filter, shrinking));
    return resized;
}

} // namespace fr2r::imaging
