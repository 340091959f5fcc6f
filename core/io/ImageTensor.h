#pragma once

#include "core/api/ImageBuffer.h"

#include <torch/types.h>

namespace fr2r::core {

// [1, 3, H, W] float32 in [0, 1] from an 8-bit RGB image.
at::Tensor imageToTensor(const ImageBuffer& image);

// Several images of one size as [N, 3, H, W] float32 in [0, 1]; throws InvalidArgumentError on size mismatch.
at::Tensor imagesToTensor(const std::vector<ImageBuffer>& images);

// An 8-bit RGB image from a [1, 3, H, W] or [3, H, W] tensor in [0, 1] (any dtype/device; rounded, clamped).
ImageBuffer tensorToImage(const at::Tensor& tensor);

} // namespace fr2r::core
