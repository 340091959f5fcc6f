#include "core/diffusion/VaeTiling.h"

#include "core/api/JobLog.h"
#include "core/model/GroupNormStatistics.h"

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

// Weight of a tile's pixels along one axis: 0 on the outer quarter of an overlap with a neighbour, where the
// tile's zero padding has changed the convolutions' results, rising linearly over the middle half to 1.
// Opposite ramps of neighbours sum to one.
at::Tensor blendRamp(int64_t length, int64_t overlap, bool rampStart, bool rampEnd, const at::TensorOptions& options)
{
    auto position = torch::arange(length, options) + 0.5;
    auto weight = torch::ones({length}, options);
    if (overlap <= 0)
        return weight;
    const double quarter = overlap / 4.0, half = overlap / 2.0;
    if (rampStart)
        weight = torch::minimum(weight, ((position - quarter) / half).clamp(0.0, 1.0));
    if (rampEnd)
        weight = torch::minimum(weight, ((length - position - quarter) / half).clamp(0.0, 1.0));
    return weight;
}

// Block averages of factor x factor pixels (partial blocks at the edges included).
at::Tensor areaDownscale(const at::Tensor& input, int64_t factor)
{
    if (factor == 1)
        return input;
    return at::avg_pool2d(input.to(at::kFloat), {factor, factor}, {factor, factor}, {0, 0}, /*ceil_mode=*/true,
                          /*count_include_pad=*/false)
        .to(input.scalar_type());
}

// The VAE's GroupNorms share these statistics while this lives: recorded on a whole downscaled pass, replayed
// by every tile, so tiles are normalised alike and no seam appears where their own statistics would differ.
class SharedStatistics
{
public:
    explicit SharedStatistics(AutoencoderKL& vae)
        : m_vae(vae)
    {
        m_vae->setGroupNormStatistics(&statistics);
    }
    ~SharedStatistics() { m_vae->setGroupNormStatistics(nullptr); }
    SharedStatistics(const SharedStatistics&) = delete;
    SharedStatistics& operator=(const SharedStatistics&) = delete;

    GroupNormStatistics statistics;

private:
    AutoencoderKL& m_vae;
};

} // namespace

at::Tensor VaeTiling::applyTiled(const at::Tensor& input, int64_t tile, int64_t overlap, double scale,
                                 const TileFunction& apply)
{
    const int64_t height = input.size(2);
    const int64_t width = input.size(3);
    const auto rows = tileStarts(height, std::min(tile, height), overlap);
    const auto cols = tileStarts(width, std::min(tile, width), overlap);
    JobLog::debug("VAE tiled: " + std::to_string(rows.size()) + " x " + std::to_string(cols.size()) + " tiles of " +
                  std::to_string(tile) + " px over " + std::to_string(width) + "x" + std::to_string(height));
    at::Tensor sum;
    at::Tensor weights;
    for (int64_t y : rows) {
        for (int64_t x : cols) {
            const int64_t th = std::min(tile, height - y);
            const int64_t tw = std::min(tile, width - x);
            auto out = apply(input.narrow(2, y, th).narrow(3, x, tw));             // [B, C, th*s, tw*s]
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

int64_t VaeTiling::previewFactor(int64_t height, int64_t width) const
{
    int64_t factor = 1;
    while ((height / factor) * (width / factor) > previewPixels)
        ++factor;
    return factor;
}

at::Tensor VaeTiling::encodeMean(AutoencoderKL& vae, const at::Tensor& image) const
{
    if (!applies(image.size(2), image.size(3)))
        return vae->encode(image).mean;
    const double scale = 1.0 / static_cast<double>(vae->downscaleFactor());
    at::Tensor features;
    {
        SharedStatistics shared(vae);
        shared.statistics.startRecording();
        vae->encodeFeatures(areaDownscale(image, previewFactor(image.size(2), image.size(3))));
        features = applyTiled(image, tilePixels, overlapPixels, scale, [&](const at::Tensor& tile) {
            shared.statistics.startReplay();
            return vae->encodeFeatures(tile);
        });
    }
    return vae->encodeHead(features).mean; // the mid block's attention sees the whole image
}

at::Tensor VaeTiling::decode(AutoencoderKL& vae, const at::Tensor& latent) const
{
    const int64_t factor = vae->downscaleFactor();
    const int64_t height = latent.size(2) * factor, width = latent.size(3) * factor;
    if (!applies(height, width))
        return vae->decode(latent);
    const at::Tensor trunk = vae->decodeTrunk(latent); // the mid block's attention sees the whole image
    SharedStatistics shared(vae);
    shared.statistics.startRecording();
    vae->decodeFeatures(areaDownscale(trunk, previewFactor(height, width)));
    return applyTiled(trunk, tilePixels / factor, overlapPixels / factor, static_cast<double>(factor),
                      [&](const at::Tensor& tile) {
                          shared.statistics.startReplay();
                          return vae->decodeFeatures(tile);
                      });
}

} // namespace fr2r::core
