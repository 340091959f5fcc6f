#include "imaging/ImageFile.h"

#include "core/Error.h"
#include "imaging/FileBytes.h"
#include "imaging/MatConversion.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace fr2r::imaging {

namespace {

// Maps one sample of the decoded depth to [0, 1].
double unitScale(int depth)
{
    switch (depth) {
    case CV_8U:
        return 1.0 / 255.0;
    case CV_16U:
        return 1.0 / 65535.0;
    case CV_32F:
    case CV_64F:
        return 1.0; // float TIFFs are stored in [0, 1]
    default:
        throw InvalidArgumentError("unsupported sample type (only 8/16-bit integer or float images)");
    }
}

int bitDepth(int depth)
{
    return static_cast<int>(CV_ELEM_SIZE1(depth)) * 8;
}

// Colour (BGR) in [0, 1] with any alpha composited over white: renders come with transparent backgrounds
// and the model expects a studio-white one.
cv::Mat compositeOverWhite(const cv::Mat& decoded)
{
    cv::Mat unit;
    decoded.convertTo(unit, CV_32F, unitScale(decoded.depth()));
    std::vector<cv::Mat> planes;
    cv::split(unit, planes);
    const cv::Mat alpha = planes.back();
    planes.pop_back();
    if (planes.size() == 1)
        planes = { planes[0], planes[0], planes[0] };
    for (auto& plane : planes)
        plane = plane.mul(alpha) + (1.0f - alpha);
    cv::Mat bgr;
    cv::merge(planes, bgr);
    return bgr;
}

cv::Mat toRgb8(const cv::Mat& decoded)
{
    const int channels = decoded.channels();
    if (channels < 1 || channels > 4)
        throw InvalidArgumentError("unsupported channel count " + std::to_string(channels));
    cv::Mat colour;
    if (channels == 2 || channels == 4)
        compositeOverWhite(decoded).convertTo(colour, CV_8U, 255.0);
    else if (decoded.depth() == CV_8U)
        colour = decoded;
    else
        decoded.convertTo(colour, CV_8U, 255.0 * unitScale(decoded.depth()));
    cv::Mat rgb;
    cv::cvtColor(colour, rgb, colour.channels() == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
    return rgb;
}

bool isJpeg(const std::vector<uint8_t>& bytes)
{
    return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

cv::Mat decode(const std::vector<uint8_t>& bytes)
{
    // OpenCV turns an image upright by its EXIF orientation except when asked for the file unchanged (which keeps
    // alpha and 16 bits). A JPEG, where cameras and phones record the orientation, has neither to lose.
    const int flags = isJpeg(bytes) ? cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH : cv::IMREAD_UNCHANGED;
    cv::Mat decoded;
    try {
        decoded = cv::imdecode(bytes, flags);
    } catch (const cv::Exception& e) {
        throw Error("the decoder failed (" + e.err + ")");
    }
    if (decoded.empty())
        throw Error("not a supported image format, or the file is truncated or corrupt");
    return decoded;
}

} // namespace

ImageBuffer readImage(const std::string& path, ImageFileInfo* info)
{
    const auto bytes = readFileBytes(path, "cannot read image");
    try {
        const cv::Mat decoded = decode(bytes);
        if (info)
            *info = { decoded.cols, decoded.rows, decoded.channels(), bitDepth(decoded.depth()),
                      decoded.channels() == 2 || decoded.channels() == 4 };
        return toImageBuffer(toRgb8(decoded));
    } catch (const Error& e) {
        throw Error(path + ": cannot read image: " + e.what());
    } catch (const cv::Exception& e) {
        throw Error(path + ": cannot read image: " + e.err);
    }
}

std::string lowerCaseExtension(const std::string& path)
{
    std::string extension = std::filesystem::u8path(path).extension().u8string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

bool isSupportedImageFile(const std::string& path)
{
    static const std::array<const char*, 7> extensions = { ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".bmp" };
    const std::string extension = lowerCaseExtension(path);
    return std::find(extensions.begin(), extensions.end(), extension) != extensions.end();
}

std::vector<std::string> listImages(const std::string& folder)
{
    namespace fs = std::filesystem;
    const fs::path root = fs::u8path(folder);
    std::error_code error;
    if (!fs::is_directory(root, error))
        throw Error(folder + ": cannot list images: not an existing folder");
    std::vector<std::string> images;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
    if (error)
        throw Error(folder + ": cannot list images: " + error.message());
    for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error)
            throw Error(folder + ": cannot list images: " + error.message());
        const std::string name = it->path().filename().u8string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory(error))
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(error) && isSupportedImageFile(name))
            images.push_back(it->path().lexically_relative(root).generic_u8string());
    }
    std::sort(images.begin(), images.end());
    return images;
}

} // namespace fr2r::imaging
