#include "imaging/ImageFile.h"

#include "core/api/Error.h"
#include "imaging/FileBytes.h"
#include "imaging/ImageHeader.h"
#include "imaging/ImageResize.h"
#include "imaging/MatConversion.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
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

const char* const kNotAnImage = "not a supported image format, or the file is truncated or corrupt";

std::string megapixels(int64_t pixels)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", pixels / 1e6);
    return text;
}

// "100" for a whole number of megapixels, as the settings show it.
std::string limitMegapixels(int64_t pixels)
{
    return pixels % 1'000'000 == 0 ? std::to_string(pixels / 1'000'000) : megapixels(pixels);
}

// The size is known from the header; decodedPixels is what the decoder will allocate for it.
void checkBudget(const ImageHeader& header, int scale, const ReadOptions& options)
{
    const int64_t decodedPixels = ((header.width + scale - 1) / scale) * ((header.height + scale - 1) / scale);
    if (decodedPixels <= options.maxPixels)
        return;
    std::string message = std::to_string(header.width) + " x " + std::to_string(header.height) + " pixels ("
        + megapixels(header.pixels()) + " MP";
    if (scale > 1)
        message += ", " + megapixels(decodedPixels) + " MP at 1/" + std::to_string(scale) + " size";
    message += ") is more than the " + limitMegapixels(options.maxPixels) + " MP limit";
    if (!options.limitSetting.empty())
        message += " (" + options.limitSetting + ")";
    throw InvalidArgumentError(message);
}

ImageHeader parseHeader(const std::vector<uint8_t>& bytes)
{
    const auto header = ImageHeader::parse(bytes);
    if (!header)
        throw Error(kNotAnImage);
    return *header;
}

cv::Mat decode(const std::vector<uint8_t>& bytes, int flags)
{
    cv::Mat decoded;
    try {
        decoded = cv::imdecode(bytes, flags);
    } catch (const cv::Exception& e) {
        throw Error("the decoder failed (" + e.err + ")");
    }
    if (decoded.empty())
        throw Error(kNotAnImage);
    return decoded;
}

// libjpeg scales while decoding; OpenCV's other decoders allocate the full size and shrink afterwards, so
// only a JPEG gains from a reduced read.
int reducedScale(const ImageHeader& header, int maxSide)
{
    if (header.format != ImageFormat::Jpeg)
        return 1;
    const int64_t longSide = std::max(header.width, header.height);
    int scale = 1;
    while (scale < 8 && longSide / (scale * 2) >= maxSide)
        scale *= 2;
    return scale;
}

int decodeFlags(const ImageHeader& header, int scale)
{
    switch (scale) {
    case 2:
        return cv::IMREAD_REDUCED_COLOR_2;
    case 4:
        return cv::IMREAD_REDUCED_COLOR_4;
    case 8:
        return cv::IMREAD_REDUCED_COLOR_8;
    default:
        break;
    }
    // OpenCV turns an image upright by its EXIF orientation except when asked for the file unchanged (which keeps
    // alpha and 16 bits). A JPEG, where cameras and phones record the orientation, has neither to lose.
    return header.format == ImageFormat::Jpeg ? cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH : cv::IMREAD_UNCHANGED;
}

// The file's size as decoded upright (EXIF may have turned a JPEG), from the header when the decode was reduced.
std::pair<int, int> fileSize(const ImageHeader& header, const cv::Mat& decoded, int scale)
{
    if (scale == 1)
        return { decoded.cols, decoded.rows };
    const bool turned = (decoded.cols > decoded.rows) != (header.width > header.height);
    const auto width = static_cast<int>(turned ? header.height : header.width);
    const auto height = static_cast<int>(turned ? header.width : header.height);
    return { width, height };
}

// Checks the budget against the header, then decodes at 1/scale of the size (scale 1: the file's own depth and
// channels, reduced: 8-bit colour).
cv::Mat decodeWithinBudget(const std::vector<uint8_t>& bytes, const ReadOptions& options, int maxSide,
                           ImageFileInfo* info)
{
    const ImageHeader header = parseHeader(bytes);
    const int scale = maxSide > 0 ? reducedScale(header, maxSide) : 1;
    checkBudget(header, scale, options);
    const cv::Mat decoded = decode(bytes, decodeFlags(header, scale));
    if (info) {
        const auto [width, height] = fileSize(header, decoded, scale);
        *info = { width, height, decoded.channels(), bitDepth(decoded.depth()),
                  decoded.channels() == 2 || decoded.channels() == 4, scale };
    }
    return decoded;
}

// Reads the file and decodes it to RGB; every failure after the read names the file.
ImageBuffer readRgb(const std::string& path, const ReadOptions& options, int maxSide, ImageFileInfo* info)
{
    const auto bytes = readFileBytes(path, "cannot read image");
    try {
        return toImageBuffer(toRgb8(decodeWithinBudget(bytes, options, maxSide, info)));
    } catch (const Error& e) {
        throw Error(path + ": cannot read image: " + e.what());
    } catch (const cv::Exception& e) {
        throw Error(path + ": cannot read image: " + e.err);
    }
}

} // namespace

ImageBuffer readImage(const std::string& path, const ReadOptions& options, ImageFileInfo* info)
{
    return readRgb(path, options, 0, info);
}

ImageBuffer readThumbnail(const std::string& path, int maxSide, const ReadOptions& options, ImageFileInfo* info)
{
    if (maxSide <= 0)
        throw InvalidArgumentError(path + ": thumbnail size " + std::to_string(maxSide) + " is not positive");
    const ImageBuffer decoded = readRgb(path, options, maxSide, info);
    const double fit = std::min(1.0, static_cast<double>(maxSide) / std::max(decoded.width, decoded.height));
    const int width = std::max(1, static_cast<int>(std::lround(decoded.width * fit)));
    const int height = std::max(1, static_cast<int>(std::lround(decoded.height * fit)));
    if (width == decoded.width && height == decoded.height)
        return decoded;
    return resizeImage(decoded, width, height, ResizeFilter::Area);
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
