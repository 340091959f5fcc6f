#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace fr2r::core {

// Stops an image whose model outputs turned NaN or infinite (typically float16 overflow) with a clear
// fr2r::Error instead of writing a black or noisy result. One reduction over a latent- or image-sized tensor.
class NonFiniteCheck
{
public:
    // "the model produced non-finite values at <phase> step <step> of <steps> (t = <timestep>); ..."; step is 1-based.
    static void unetOutput(const at::Tensor& output, const char* phase, int step, int steps, int64_t timestep);
    static void decodedImage(const at::Tensor& image);
};

} // namespace fr2r::core
