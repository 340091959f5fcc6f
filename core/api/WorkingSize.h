#pragma once

namespace fr2r::core {

// The size an image is processed at: the long side scaled to longSide but never above the image's own (upscaling
// a render adds nothing a designer asked for and multiplies the time), both sides multiples of 8 (the VAE's
// downscaling; the UNet accepts latent sizes its own downsampling does not divide), so the aspect is kept
// within one latent pixel (8 image pixels) at any size. Each side is at least one latent pixel.
struct WorkingSize
{
    static constexpr int kMultiple = 8;

    int width = 0;
    int height = 0;

    static WorkingSize forImage(int imageWidth, int imageHeight, int longSide);
};

} // namespace fr2r::core
