#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fr2r {

// An 8-bit RGB image, rows top to bottom, pixels interleaved (R, G, B). The currency between
// imaging (files), ui (QImage) and the core (tensors), so that neither side needs the other's headers.
struct ImageBuffer
{
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels; // width * height * 3

    ImageBuffer() = default;
    ImageBuffer(int w, int h)
        : width(w)
        , height(h)
        , pixels(static_cast<size_t>(w) * h * 3, 0)
    {
    }
    bool isNull() const { return width <= 0 || height <= 0; }
    uint8_t* row(int y) { return pixels.data() + static_cast<size_t>(y) * width * 3; }
    const uint8_t* row(int y) const { return pixels.data() + static_cast<size_t>(y) * width * 3; }
};

} // namespace fr2r
