#include "imaging/MatConversion.h"

#include "core/api/Error.h"

#include <opencv2/imgproc.hpp>
#include <string>

namespace fr2r::imaging {

namespace {

void checkBuffer(const ImageBuffer& image)
{
    if (image.isNull())
        throw InvalidArgumentError("image is empty (0x0 pixels)");
    const size_t expected = static_cast<size_t>(image.width) * image.height * 3;
    if (image.pixels.size() != expected)
        throw InvalidArgumentError("image of " + std::to_string(image.width) + "x" + std::to_string(image.height)
                                   + " holds " + std::to_string(image.pixels.size()) + " bytes instead of "
                                   + std::to_string(expected));
}

} // namespace

cv::Mat rgbView(ImageBuffer& image)
{
    checkBuffer(image);
    return cv::Mat(image.height, image.width, CV_8UC3, image.pixels.data());
}

cv::Mat rgbView(const ImageBuffer& image)
{
    checkBuffer(image);
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
}

ImageBuffer toImageBuffer(const cv::Mat& rgb)
{
    if (rgb.type() != CV_8UC3)
        throw InvalidArgumentError("internal: expected an 8-bit RGB matrix");
    ImageBuffer image(rgb.cols, rgb.rows);
    rgb.copyTo(rgbView(image));
    return image;
}

cv::Mat toBgr(const ImageBuffer& image)
{
    cv::Mat bgr;
    cv::cvtColor(rgbView(image), bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

} // namespace fr2r::imaging
