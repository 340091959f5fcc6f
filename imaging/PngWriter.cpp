#include "imaging/PngWriter.h"

#include "core/api/Error.h"
#include "imaging/FileBytes.h"
#include "imaging/ImageFile.h"
#include "imaging/MatConversion.h"

#include <algorithm>
#include <array>
#include <opencv2/imgcodecs.hpp>

namespace fr2r::imaging {

namespace {

constexpr std::array<uint8_t, 8> kSignature = { 137, 80, 78, 71, 13, 10, 26, 10 };
constexpr size_t kChunkOverhead = 12; // length, type, CRC

// One chunk of a PNG byte stream: its type and where its data lies.
struct PngChunk
{
    std::string type;
    size_t start = 0; // offset of the length field
    size_t dataOffset = 0;
    uint32_t length = 0;
};

// The IEEE CRC-32 PNG uses (polynomial 0xEDB88320), table-driven.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0)
{
    static const auto table = [] {
        std::array<uint32_t, 256> t {};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (size_t i = 0; i < size; ++i)
        crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

uint32_t readBigEndian(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

void appendBigEndian(std::vector<uint8_t>& out, uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<uint8_t>(value >> shift));
}

// The chunks up to and including IEND; throws fr2r::Error (without the path) when the stream is malformed.
std::vector<PngChunk> parseChunks(const std::vector<uint8_t>& bytes)
{
    if (bytes.size() < kSignature.size() || !std::equal(kSignature.begin(), kSignature.end(), bytes.begin()))
        throw Error("not a PNG file (wrong signature)");
    std::vector<PngChunk> chunks;
    size_t offset = kSignature.size();
    while (chunks.empty() || chunks.back().type != "IEND") {
        if (bytes.size() - offset < kChunkOverhead)
            throw Error("truncated PNG (no IEND chunk)");
        PngChunk chunk;
        chunk.start = offset;
        chunk.length = readBigEndian(&bytes[offset]);
        chunk.type.assign(reinterpret_cast<const char*>(&bytes[offset + 4]), 4);
        chunk.dataOffset = offset + 8;
        if (chunk.length > bytes.size() - offset - kChunkOverhead)
            throw Error("truncated PNG (chunk " + chunk.type + " runs past the end)");
        offset = chunk.dataOffset + chunk.length + 4;
        chunks.push_back(chunk);
    }
    return chunks;
}

std::vector<uint8_t> makeChunk(const std::string& type, const std::string& data)
{
    std::vector<uint8_t> chunk;
    chunk.reserve(data.size() + kChunkOverhead);
    appendBigEndian(chunk, static_cast<uint32_t>(data.size()));
    chunk.insert(chunk.end(), type.begin(), type.end());
    chunk.insert(chunk.end(), data.begin(), data.end());
    appendBigEndian(chunk, crc32(chunk.data() + 4, chunk.size() - 4));
    return chunk;
}

void checkKeyword(const std::string& keyword)
{
    const bool printable = std::all_of(keyword.begin(), keyword.end(), [](char c) { return c >= 32 && c <= 126; });
    if (keyword.empty() || keyword.size() > 79 || !printable)
        throw InvalidArgumentError("PNG text keyword \"" + keyword + "\" must be 1-79 printable ASCII characters");
}

// Uncompressed iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, empty translated keyword.
std::vector<uint8_t> makeITxtChunk(const std::string& keyword, const std::string& value)
{
    checkKeyword(keyword);
    if (value.size() > 0x7FFFFFFFu - 84)
        throw InvalidArgumentError("PNG text value for \"" + keyword + "\" is larger than a chunk can hold");
    std::string data = keyword;
    data.append(std::string(5, '\0'));
    data += value;
    return makeChunk("iTXt", data);
}

std::string latin1ToUtf8(const std::string& latin1)
{
    std::string utf8;
    for (unsigned char c : latin1) {
        if (c < 0x80) {
            utf8.push_back(static_cast<char>(c));
        } else {
            utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
            utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return utf8;
}

// Adds one tEXt or iTXt chunk's keyword and value to text; compressed iTXt needs zlib and is skipped.
void parseTextChunk(const std::string& type, const std::string& data, std::map<std::string, std::string>& text)
{
    const size_t keywordEnd = data.find('\0');
    if (keywordEnd == std::string::npos)
        throw Error(type + " chunk without a keyword terminator");
    const std::string keyword = data.substr(0, keywordEnd);
    if (type == "tEXt") {
        text.emplace(latin1ToUtf8(keyword), latin1ToUtf8(data.substr(keywordEnd + 1)));
        return;
    }
    const size_t languageEnd = data.size() > keywordEnd + 3 ? data.find('\0', keywordEnd + 3) : std::string::npos;
    const size_t translatedEnd = languageEnd == std::string::npos ? languageEnd : data.find('\0', languageEnd + 1);
    if (translatedEnd == std::string::npos)
        throw Error("iTXt chunk \"" + keyword + "\" is truncated");
    if (data[keywordEnd + 1] == 0)
        text.emplace(latin1ToUtf8(keyword), data.substr(translatedEnd + 1));
}

std::vector<uint8_t> encode(const std::string& path, const std::string& extension, const ImageBuffer& image,
                            const std::vector<int>& params)
{
    std::vector<uint8_t> bytes;
    bool encoded = false;
    try {
        encoded = cv::imencode(extension, toBgr(image), bytes, params);
    } catch (const cv::Exception& e) {
        throw Error(path + ": cannot encode the image: " + e.err);
    }
    if (!encoded)
        throw Error(path + ": cannot encode the image (no " + extension + " encoder in this OpenCV build)");
    return bytes;
}

} // namespace

void writePng(const std::string& path, const ImageBuffer& image,
              const std::vector<std::pair<std::string, std::string>>& textChunks)
{
    std::vector<uint8_t> bytes = encode(path, ".png", image, {});
    std::vector<uint8_t> text;
    for (const auto& [keyword, value] : textChunks) {
        const auto chunk = makeITxtChunk(keyword, value);
        text.insert(text.end(), chunk.begin(), chunk.end());
    }
    const size_t iendStart = parseChunks(bytes).back().start;
    bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(iendStart), text.begin(), text.end());
    writeFileBytes(path, bytes.data(), bytes.size());
}

std::map<std::string, std::string> readPngText(const std::string& path)
{
    return readPngText(readFileBytes(path, "cannot read PNG text"), path);
}

std::map<std::string, std::string> readPngText(const std::vector<uint8_t>& bytes, const std::string& path)
{
    std::map<std::string, std::string> text;
    try {
        for (const auto& chunk : parseChunks(bytes)) {
            if (chunk.type != "tEXt" && chunk.type != "iTXt")
                continue;
            const uint8_t* typeAndData = &bytes[chunk.start + 4];
            if (crc32(typeAndData, chunk.length + 4) != readBigEndian(typeAndData + 4 + chunk.length))
                throw Error(chunk.type + " chunk fails its CRC check (the file is corrupt)");
            const std::string data(reinterpret_cast<const char*>(&bytes[chunk.dataOffset]), chunk.length);
            parseTextChunk(chunk.type, data, text);
        }
    } catch (const Error& e) {
        throw Error(path + ": cannot read PNG text: " + e.what());
    }
    return text;
}

void writeImage(const std::string& path, const ImageBuffer& image)
{
    const std::string extension = lowerCaseExtension(path);
    std::vector<int> params;
    if (extension == ".png")
        return writePng(path, image);
    if (extension == ".jpg" || extension == ".jpeg")
        params = { cv::IMWRITE_JPEG_QUALITY, 95 };
    else if (extension == ".webp")
        params = { cv::IMWRITE_WEBP_QUALITY, 95 };
    else if (extension != ".tif" && extension != ".tiff" && extension != ".bmp")
        throw InvalidArgumentError(path + ": cannot write this format; use .png, .jpg, .webp, .tif or .bmp");
    const std::vector<uint8_t> bytes = encode(path, extension, image, params);
    writeFileBytes(path, bytes.data(), bytes.size());
}

} // namespace fr2r::imaging
