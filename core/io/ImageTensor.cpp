#include "core/io/ImageTensor.h"

#include "core/api/Error.h"

#include <torch/torch.h>

#include <cstring>

namespace fr2r::core {

at::Tensor imageToTensor(const ImageBuffer& image)
{
    if (image.isNull() || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
        throw InvalidArgumentError("image buffer is empty or its size does not match its pixels");
    auto bytes = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, torch::kUInt8);
    return bytes.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32).div_(255.0).contiguous(); // [1, 3, H, W]
}

at::Tensor imagesToTensor(const std::vector<ImageBuffer>& images)
{
    std::vector<at::Tensor> tensors;
    tensors.reserve(images.size());
    for (const auto& image : images) {
        if (image.width != images.front().width || image.height != images.front().height)
            throw InvalidArgumentError("images of one batch must have the same size");
        tensors.push_back(imageToTensor(image));
    }
    return torch::cat(tensors, 0); // [N, 3, H, W]
}

ImageBuffer tensorToImage(const at::Tensor& tensor)
{
    auto chw = tensor.dim() == 4 ? tensor[0] : tensor;
    if (chw.dim() != 3 || chw.size(0) != 3)
        throw InvalidArgumentError("expected a [1, 3, H, W] or [3, H, W] image tensor");
    auto bytes = chw.detach().to(torch::kCPU, torch::kFloat32).mul(255.0).round_().clamp_(0, 255).to(torch::kUInt8)
                     .permute({1, 2, 0}).contiguous(); // [H, W, 3]
    ImageBuffer image(static_cast<int>(bytes.size(1)), static_cast<int>(bytes.size(0)));
    std::memcpy(image.pixels.data(), bytes.data_ptr<uint8_t>(), image.pixels.size());
    return image;
}

} // namespace fr2r::core
