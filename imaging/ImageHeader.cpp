#include "imaging/ImageHeader.h"

#include <cstdlib>
#include <cstring>

namespace fr2r::imaging {
namespace {

// Bounds-checked reads of unsigned integers; a read past the end yields nothing.
class ByteReader
{
public:
    ByteReader(const std::vector<uint8_t>& bytes, bool bigEndian)
        : m_bytes(bytes)
        , m_bigEndian(bigEndian)
    {
    }

    bool has(size_t offset, size_t count) const { return offset <= m_bytes.size() && count <= m_bytes.size() - offset; }
    bool matches(size_t offset, const char* text) const
    {
        const size_t length = std::strlen(text);
        return has(offset, length) && std::memcmp(m_bytes.data() + offset, text, length) == 0;
    }
    std::optional<uint32_t> read(size_t offset, size_t count) const
    {
        if (!has(offset, count))
            return std::nullopt;
        uint32_t value = 0;
        for (size_t i = 0; i < count; ++i) {
            const uint32_t byte = m_bytes[offset + (m_bigEndian ? i : count - 1 - i)];
            value = (value << 8) | byte;
        }
        return value;
    }

private:
    const std::vector<uint8_t>& m_bytes;
    bool m_bigEndian;
};

std::optional<ImageHeader> sized(ImageFormat format, int64_t width, int64_t height)
{
    if (width <= 0 || height <= 0)
        return std::nullopt;
    return ImageHeader { format, width, height };
}

std::optional<ImageHeader> parsePng(const ByteReader& in)
{
    const auto width = in.read(16, 4);
    const auto height = in.read(20, 4);
    if (!in.matches(12, "IHDR") || !width || !height)
        return std::nullopt;
    return sized(ImageFormat::Png, *width, *height);
}

bool isStartOfFrame(uint32_t marker)
{
    // C4 (Huffman tables), C8 (reserved) and CC (arithmetic conditioning) share the range but are no frames.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

std::optional<ImageHeader> parseJpeg(const ByteReader& in)
{
    size_t offset = 2;
    while (in.has(offset, 4)) {
        if (*in.read(offset, 1) != 0xFF) { // stray bytes before a marker, which libjpeg skips too
            ++offset;
            continue;
        }
        const uint32_t marker = *in.read(offset + 1, 1);
        if (marker == 0xFF) { // fill byte
            ++offset;
            continue;
        }
        offset += 2;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // markers without a length
        if (marker == 0xD9 || marker == 0xDA)
            return std::nullopt; // end of image or scan data before any frame header
        const uint32_t length = *in.read(offset, 2);
        if (isStartOfFrame(marker)) {
            const auto height = in.read(offset + 3, 2);
            const auto width = in.read(offset + 5, 2);
            if (!height || !width)
                return std::nullopt;
            return sized(ImageFormat::Jpeg, *width, *height);
        }
        if (length < 2)
            return std::nullopt;
        offset += length;
    }
    return std::nullopt;
}

std::optional<ImageHeader> parseBmp(const ByteReader& in)
{
    const auto infoSize = in.read(14, 4);
    if (!infoSize)
        return std::nullopt;
    if (*infoSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
        const auto width = in.read(18, 2);
        const auto height = in.read(20, 2);
        return width && height ? sized(ImageFormat::Bmp, *width, *height) : std::nullopt;
    }
    const auto width = in.read(18, 4);
    const auto height = in.read(22, 4);
    if (!width || !height)
        return std::nullopt;
    // Signed; a negative height means rows stored top-down.
    return sized(ImageFormat::Bmp, static_cast<int32_t>(*width), std::llabs(static_cast<int32_t>(*height)));
}

std::optional<ImageHeader> parseTiff(const ByteReader& in)
{
    const auto ifd = in.read(4, 4);
    const auto entries = ifd ? in.read(*ifd, 2) : std::nullopt;
    if (*in.read(2, 2) != 42 || !entries)
        return std::nullopt;
    int64_t width = 0;
    int64_t height = 0;
    for (uint32_t i = 0; i < *entries; ++i) {
        const size_t entry = *ifd + 2 + 12 * static_cast<size_t>(i);
        const auto tag = in.read(entry, 2);
        const auto type = in.read(entry + 2, 2);
        if (!tag || !type)
            return std::nullopt;
        // SHORT (3) or LONG (4), stored left-aligned in the entry's value field.
        const auto value = *type == 3 ? in.read(entry + 8, 2) : *type == 4 ? in.read(entry + 8, 4) : std::nullopt;
        if (*tag == 256 && value)
            width = *value;
        else if (*tag == 257 && value)
            height = *value;
    }
    return sized(ImageFormat::Tiff, width, height);
}

std::optional<ImageHeader> parseWebP(const ByteReader& in)
{
    if (in.matches(12, "VP8X")) {
        const auto width = in.read(24, 3);
        const auto height = in.read(27, 3);
        return width && height ? sized(ImageFormat::WebP, *width + 1, *height + 1) : std::nullopt;
    }
    if (in.matches(12, "VP8L")) {
        const auto bits = in.read(21, 4);
        if (!bits || *in.read(20, 1) != 0x2F)
            return std::nullopt;
        return sized(ImageFormat::WebP, (*bits & 0x3FFF) + 1, ((*bits >> 14) & 0x3FFF) + 1);
    }
    if (in.matches(12, "VP8 ")) { // lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit sizes
        const auto startCode = in.read(23, 3);
        const auto width = in.read(26, 2);
        const auto height = in.read(28, 2);
        if (!width || !height || *startCode != 0x2A019D)
            return std::nullopt;
        return sized(ImageFormat::WebP, *width & 0x3FFF, *height & 0x3FFF);
    }
    return std::nullopt;
}

} // namespace

std::optional<ImageHeader> ImageHeader::parse(const std::vector<uint8_t>& bytes)
{
    const ByteReader bigEndian(bytes, true);
    const ByteReader littleEndian(bytes, false);
    if (bigEndian.matches(0, "\x89PNG\r\n\x1a\n"))
        return parsePng(bigEndian);
    if (bigEndian.matches(0, "\xFF\xD8\xFF"))
        return parseJpeg(bigEndian);
    if (littleEndian.matches(0, "BM"))
        return parseBmp(littleEndian);
    if (littleEndian.matches(0, "II") && littleEndian.has(0, 8))
        return parseTiff(littleEndian);
    if (bigEndian.matches(0, "MM") && bigEndian.has(0, 8))
        return parseTiff(bigEndian);
    if (littleEndian.matches(0, "RIFF") && littleEndian.matches(8, "WEBP"))
        return parseWebP(littleEndian);
    return std::nullopt;
}

} // namespace fr2r::imaging
