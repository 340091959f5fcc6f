#pragma once

#include "core/api/ImageBuffer.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fr2r::imaging {

// Writes image as PNG with one uncompressed iTXt chunk per (keyword, value) pair before IEND, atomically
// (writeFileBytes). Keywords are 1-79 printable ASCII characters (the PNG rule for
// keywords); values are any UTF-8 text. Throws InvalidArgumentError for a bad keyword, fr2r::Error on I/O.
void writePng(const std::string& path, const ImageBuffer& image,
              const std::vector<std::pair<std::string, std::string>>& textChunks = {});

// The tEXt (Latin-1, returned as UTF-8) and uncompressed iTXt chunks of a PNG file, keyword -> value; the
// first chunk wins when a keyword repeats and compressed chunks are skipped. Throws fr2r::Error naming the
// file when it is missing, not a PNG, truncated, or a text chunk fails its CRC.
std::map<std::string, std::string> readPngText(const std::string& path);
std::map<std::string, std::string> readPngText(const std::vector<uint8_t>& bytes, const std::string& path);

// Writes image atomically in the format the extension names: .png (writePng), .jpg/.jpeg and .webp
// (quality 95), .tif/.tiff, .bmp. Throws InvalidArgumentError for any other extension.
void writeImage(const std::string& path, const ImageBuffer& image);

} // namespace fr2r::imaging
