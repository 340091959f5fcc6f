#pragma once

#include "core/ImageBuffer.h"

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
};

// Reads PNG, JPEG, TIFF, WebP or BMP (8/16-bit, float, gray, gray + alpha, colour, colour + alpha, paletted)
// as 8-bit RGB; transparent pixels are composited over white. Throws fr2r::Error
// "<path>: cannot read image: <reason>" for missing, unreadable or corrupt files.
ImageBuffer readImage(const std::string& path, ImageFileInfo* info = nullptr);

// The extension in lower case with its dot (".png"), empty when there is none.
std::string lowerCaseExtension(const std::string& path);

// True for the extensions readImage handles: .png .jpg .jpeg .tif .tiff .webp .bmp (any case).
bool isSupportedImageFile(const std::string& path);

// Every supported image below folder (recursively), as sorted '/'-separated paths relative to it.
// Hidden files and folders (".name") are skipped. Throws fr2r::Error when folder is not a folder.
std::vector<std::string> listImages(const std::string& folder);

} // namespace fr2r::imaging
