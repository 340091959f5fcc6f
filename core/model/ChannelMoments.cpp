#include "core/model/ChannelMoments.h"

#include "core/api/Error.h"
#include "core/model/VectorClones.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

namespace fr2r::core {
namespace {

constexpr int64_t kChunkPixels = 4096; // pixels of one channels-last chunk: one partial sum per chunk

// sums[2] += sum and sum of squares of row[0, n)
template <typename Element>
inline void addRowMoments(const Element* row, int64_t n, double* sums)
{
    double sum = 0.0, squares = 0.0;
#pragma omp simd reduction(+ : sum, squares)
    for (int64_t j = 0; j < n; ++j) {
        const auto x = static_cast<double>(static_cast<float>(row[j]));
        sum += x;
        squares += x * x;
    }
    sums[0] += sum;
    sums[1] += squares;
}

// sums[C][2] += every channel's sum and sum of squares over pixels [P, C] of a channels-last map.
template <typename Element>
inline void addPixelMoments(const Element* pixels, int64_t count, int64_t channels, double* sums)
{
    for (int64_t p = 0; p < count; ++p) {
        const Element* pixel = pixels + p * channels;
#pragma omp simd
        for (int64_t c = 0; c < channels; ++c) {
            const auto x = static_cast<double>(static_cast<float>(pixel[c]));
            sums[2 * c] += x;
            sums[2 * c + 1] += x * x;
        }
    }
}

template <typename Function>
void forType(at::ScalarType type, const void* data, Function&& function)
{
    switch (type) {
    case at::kFloat:
        return function(static_cast<const float*>(data));
    case at::kBFloat16:
        return function(static_cast<const at::BFloat16*>(data));
    case at::kHalf:
        return function(static_cast<const at::Half*>(data));
    default:
        throw InvalidArgumentError("ChannelMoments: float32, bfloat16 or float16 only");
    }
}

// Contiguous maps: out[r][2] += the moments of rows [0, count) of `length` values each.
FR2R_VECTOR_CLONES void rowMoments(at::ScalarType type, const void* rows, int64_t count, int64_t length, double* out)
{
    forType(type, rows, [&](const auto* data) {
        for (int64_t r = 0; r < count; ++r)
            addRowMoments(data + r * length, length, out + 2 * r);
    });
}

// Channels-last maps: sums[C][2] += the moments of `count` pixels of `channels` values each.
FR2R_VECTOR_CLONES void pixelMoments(at::ScalarType type, const void* pixels, int64_t count, int64_t channels,
                                     double* sums)
{
    forType(type, pixels, [&](const auto* data) { addPixelMoments(data, count, channels, sums); });
}

// Contiguous [B, C, H, W]: one row of H * W values per (b, c).
void channelRows(const at::Tensor& map, double* out)
{
    const int64_t rows = map.size(0) * map.size(1), length = map.size(2) * map.size(3);
    const auto* data = static_cast<const char*>(map.data_ptr());
    at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
        rowMoments(map.scalar_type(), data + begin * length * map.element_size(), end - begin, length,
                   out + 2 * begin);
    });
}

// Channels-last [B, H, W, C]: partial sums per chunk of pixels, then added in chunk order.
void channelsLastChunks(const at::Tensor& map, double* out)
{
    const int64_t batch = map.size(0), channels = map.size(1), pixels = map.size(2) * map.size(3);
    const int64_t chunksPerImage = (pixels + kChunkPixels - 1) / kChunkPixels;
    at::Tensor partial = at::zeros({batch * chunksPerImage, channels * 2}, at::kDouble);
    double* partialData = partial.data_ptr<double>();
    const auto* data = static_cast<const char*>(map.data_ptr());
    at::parallel_for(0, batch * chunksPerImage, 1, [&](int64_t begin, int64_t end) {
        for (int64_t chunk = begin; chunk < end; ++chunk) {
            const int64_t image = chunk / chunksPerImage, first = (chunk % chunksPerImage) * kChunkPixels;
            pixelMoments(map.scalar_type(), data + (image * pixels + first) * channels * map.element_size(),
                         std::min(kChunkPixels, pixels - first), channels, partialData + chunk * channels * 2);
        }
    });
    for (int64_t chunk = 0; chunk < batch * chunksPerImage; ++chunk) {
        double* sums = out + (chunk / chunksPerImage) * channels * 2;
        for (int64_t i = 0; i < channels * 2; ++i)
            sums[i] += partialData[chunk * channels * 2 + i];
    }
}

} // namespace

at::Tensor ChannelMoments::of(const at::Tensor& input)
{
    if (!input.is_cpu() || input.dim() != 4)
        throw InvalidArgumentError("ChannelMoments: a [B, C, H, W] CPU map");
    const bool channelsLast = !input.is_contiguous() && input.is_contiguous(at::MemoryFormat::ChannelsLast);
    const at::Tensor map = channelsLast ? input : input.contiguous();
    at::Tensor out = at::zeros({map.size(0), map.size(1), 2}, at::kDouble);
    if (channelsLast)
        channelsLastChunks(map, out.data_ptr<double>());
    else
        channelRows(map, out.data_ptr<double>());
    return out;
}

} // namespace fr2r::core
