#pragma once

#include "core/api/ImageBuffer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::imaging {

// What the file held before it became 8-bit RGB.
struct ImageFileInfo
{
    int width = 0;
    int height = 0;
    int channels = 0; // 1 gray, 2 gray + alpha, 3 colour, 4 colour + alpha (palettes arrive expanded)
    int bitDepth = 0; // bits per sample: 8, 16 or 32 (float)
    bool hasAlpha = false;
    int decodeScale = 1; // the decoder produced 1/decodeScale of width x height (readThumbnail of a JPEG)
};

// How much a read may decode. The size comes from the file's header, so a larger image is refused before
// its pixels are allocated.
struct ReadOptions
{
    static constexpr int64_t kDefaultMaxPixels = 100'000'000;

    int64_t maxPixels = kDefaultMaxPixels;
    std::string limitSetting; // where the user raises the limit, named in the refusal ("--max-megapixels")
};

// Reads PNG, JPEG, TIFF, WebP or BMP (8/16-bit, float, gray, gray + alpha, colour, colour + alpha, paletted)
// as 8-bit RGB; transparent pixels are composited over white. Throws fr2r::Error
// "<path>: cannot read image: <reason>" for missing, unreadable, corrupt or over-budget files
// ("32768 x 32768 pixels (1073.7 MP) is more than the 100 MP limit (<limitSetting>)").
ImageBuffer readImage(const std::string& path, const ReadOptions& options = {}, ImageFileInfo* info = nullptr);

// The image scaled to fit maxSide x maxSide, aspect kept, never enlarged. A JPEG is decoded at 1/2, 1/4 or
// 1/8 of its size by the decoder itself (the largest reduction still at least maxSide on the long side) and
// that reduced size is what the budget counts; other formats decode at full size, so their full size counts.
// info, when given, describes the file (its full size) and decodeScale the reduction used. Throws as readImage.
ImageBuffer readThumbnail(const std::string& path, int maxSide, const ReadOptions& options = {},
                          ImageFileInfo* info = nullptr);

// The extension in lower case with its dot (".png"), empty when there is none.
std::string lowerCaseExtension(const std::string& path);

// True for the extensions readImage handles: .png .jpg .jpeg .tif .tiff .webp .bmp (any case).
bool isSupportedImageFile(const std::string& path);

// Every supported image below folder (recursively), as sorted '/'-separated paths relative to it.
// Hidden files and folders (".name") are skipped. Throws fr2r::Error when folder is not a folder.
std::vector<std::string> listImages(const std::string& folder);

} // namespace fr2r::imaging
