#pragma once

namespace fr2r::core {

// The size an image is processed at: the long side scaled to longSide (aspect kept), both sides
// rounded to multiples of 64 (the VAE factor times the UNet's three downsamplings), at least 64.
struct WorkingSize
{
    int width = 0;
    int height = 0;

    static WorkingSize forImage(int imageWidth, int imageHeight, int longSide);
};

} // namespace fr2r::core
