#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fr2r::imaging {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff, WebP };

// An image's format and size as its header states them, read without decoding any pixel, so that a
// file claiming gigapixels can be refused before the decoder allocates them.
struct ImageHeader
{
    ImageFormat format = ImageFormat::Png;
    int64_t width = 0;
    int64_t height = 0;

    int64_t pixels() const { return width * height; }

    // The header of a PNG (IHDR), JPEG (first SOFn), BMP, TIFF (first IFD) or WebP (VP8, VP8L, VP8X) file;
    // nothing when the bytes are none of these or the header is truncated or states no size.
    static std::optional<ImageHeader> parse(const std::vector<uint8_t>& bytes);
};

} // namespace fr2r::imaging
