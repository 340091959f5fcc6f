#include "core/diffusion/VaeTiling.h"

#include <torch/torch.h>

#include <algorithm>

namespace fr2r::core {
namespace {

std::vector<int64_t> tileStarts(int64_t size, int64_t tile, int64_t overlap)
{
    std::vector<int64_t> starts{0};
    const int64_t stride = std::max<int64_t>(1, tile - overlap);
    while (starts.back() + tile < size)
        starts.push_back(std::min(starts.back() + stride, size - tile));
    return starts;
}

// 1 inside, ramping down linearly across the overlap on sides that touch another tile.
at::Tensor blendRamp(int64_t length, int64_t overlap, bool rampStart, bool rampEnd, const at::TensorOptions& options)
{
    auto position = torch::arange(length, options) + 0.5;
    auto weight = torch::ones({length}, options);
    if (overlap > 0 && rampStart)
        weight = torch::minimum(weight, position / overlap);
    if (overlap > 0 && rampEnd)
        weight = torch::minimum(weight, (length - position) / overlap);
    return weight;
}

} // namespace

at::Tensor VaeTiling::applyTiled(const at::Tensor& input, int64_t tile, int64_t overlap, double scale,
                                 const TileFunction& apply)
{
    const int64_t height = input.size(2);
    const int64_t width = input.size(3);
    const auto rows = tileStarts(height, std::min(tile, height), overlap);
    const auto cols = tileStarts(width, std::min(tile, width), overlap);
    at::Tensor sum;
    at::Tensor weights;
    for (int64_t y : rows) {
        for (int64_t x : cols) {
            const int64_t th = std::min(tile, height - y);
            const int64_t tw = std::min(tile, width - x);
            auto out = apply(input.narrow(2, y, th).narrow(3, x, tw)); // [B, C, th*s, tw*s]
            out = out.to(at::promote_types(out.scalar_type(), torch::kFloat32)); // blend in at least float32
            const auto options = out.options();
            if (!sum.defined()) {
                sum = torch::zeros({out.size(0), out.size(1), static_cast<int64_t>(height * scale),
                                    static_cast<int64_t>(width * scale)}, options);
                weights = torch::zeros({1, 1, sum.size(2), sum.size(3)}, options);
            }
            const int64_t ov = static_cast<int64_t>(overlap * scale);
            auto wy = blendRamp(out.size(2), ov, y > 0, y + th < height, options);
            auto wx = blendRamp(out.size(3), ov, x > 0, x + tw < width, options);
            auto weight = (wy.unsqueeze(1) * wx.unsqueeze(0)).unsqueeze(0).unsqueeze(0); // [1, 1, th*s, tw*s]
            const int64_t oy = static_cast<int64_t>(y * scale);
            const int64_t ox = static_cast<int64_t>(x * scale);
            sum.narrow(2, oy, out.size(2)).narrow(3, ox, out.size(3)).add_(out * weight);
            weights.narrow(2, oy, out.size(2)).narrow(3, ox, out.size(3)).add_(weight);
        }
    }
    return (sum / weights).to(input.scalar_type());
}

at::Tensor VaeTiling::encodeMean(AutoencoderKL& vae, const at::Tensor& image) const
{
    if (!applies(image.size(2), image.size(3)))
        return vae->encode(image).mean;
    const double scale = 1.0 / static_cast<double>(vae->downscaleFactor());
    return applyTiled(image, tilePixels, overlapPixels, scale, [&](const at::Tensor& tile) { return vae->encode(tile).mean; });
}

at::Tensor VaeTiling::decode(AutoencoderKL& vae, const at::Tensor& latent) const
{
    const int64_t factor = vae->downscaleFactor();
    if (!applies(latent.size(2) * factor, latent.size(3) * factor))
        return vae->decode(latent);
    return applyTiled(latent, tilePixels / factor, overlapPixels / factor, static_cast<double>(factor),
                      [&](const at::Tensor& tile) { return vae->decode(tile); });
}

} // namespace fr2r::core
