#include "imaging/Ssim.h"

#include "core/api/Error.h"
#include "imaging/ImageResize.h"
#include "imaging/MatConversion.h"

#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

namespace fr2r::imaging {

namespace {

constexpr int kWindow = 11;
constexpr double kSigma = 1.5;
constexpr double kDataRange = 255.0;
constexpr double kC1 = (0.01 * kDataRange) * (0.01 * kDataRange);
constexpr double kC2 = (0.03 * kDataRange) * (0.03 * kDataRange);

// Gaussian-weighted local mean; the border mode never reaches the valid region that is averaged.
cv::Mat localMean(const cv::Mat& plane)
{
    static const cv::Mat kernel = cv::getGaussianKernel(kWindow, kSigma, CV_64F);
    cv::Mat mean;
    cv::sepFilter2D(plane, mean, CV_64F, kernel, kernel, cv::Point(-1, -1), 0.0, cv::BORDER_REFLECT);
    return mean;
}

double channelSsim(const cv::Mat& x, const cv::Mat& y)
{
    const cv::Mat ux = localMean(x);
    const cv::Mat uy = localMean(y);
    const cv::Mat vx = localMean(x.mul(x)) - ux.mul(ux); // population variances
    const cv::Mat vy = localMean(y.mul(y)) - uy.mul(uy);
    const cv::Mat vxy = localMean(x.mul(y)) - ux.mul(uy);
    const cv::Mat numerator = (2.0 * ux.mul(uy) + kC1).mul(2.0 * vxy + kC2);
    const cv::Mat denominator = (ux.mul(ux) + uy.mul(uy) + kC1).mul(vx + vy + kC2);
    cv::Mat map;
    cv::divide(numerator, denominator, map);
    const int pad = (kWindow - 1) / 2;
    return cv::mean(map(cv::Rect(pad, pad, x.cols - 2 * pad, x.rows - 2 * pad)))[0];
}

std::vector<cv::Mat> float64Planes(const ImageBuffer& image)
{
    cv::Mat wide;
    rgbView(image).convertTo(wide, CV_64F);
    std::vector<cv::Mat> planes;
    cv::split(wide, planes);
    return planes;
}

std::string sizeText(const ImageBuffer& image)
{
    return std::to_string(image.width) + "x" + std::to_string(image.height);
}

} // namespace

SsimResult ssim(const ImageBuffer& a, const ImageBuffer& b)
{
    if (a.width != b.width || a.height != b.height)
        throw InvalidArgumentError("SSIM needs images of one size, got " + sizeText(a) + " and " + sizeText(b));
    if (a.width < kWindow || a.height < kWindow)
        throw InvalidArgumentError("SSIM needs images of at least 11x11 pixels, got " + sizeText(a));
    const auto planesA = float64Planes(a);
    const auto planesB = float64Planes(b);
    SsimResult result;
    for (size_t c = 0; c < result.perChannel.size(); ++c)
        result.perChannel[c] = channelSsim(planesA[c], planesB[c]);
    result.value = (result.perChannel[0] + result.perChannel[1] + result.perChannel[2]) / 3.0;
    return result;
}

SsimResult ssimWithResize(const ImageBuffer& generated, const ImageBuffer& rendered, bool* resized)
{
    const bool differ = generated.width != rendered.width || generated.height != rendered.height;
    if (resized)
        *resized = differ;
    if (!differ)
        return ssim(generated, rendered);
    return ssim(generated, resizeImage(rendered, generated.width, generated.height, ResizeFilter::Area));
}

} // namespace fr2r::imaging
