#include "core/model/Conv2d.h"

#include "core/model/GradientCheckpoint.h"

#include <ATen/ATen.h>

namespace fr2r::core {

Conv2dImpl::Conv2dImpl(const torch::nn::Conv2dOptions& options)
    : torch::nn::Conv2dImpl(options)
{
    const std::array<int64_t, 2> one{1, 1};
    const int64_t kernel = (*options.kernel_size())[0];
    const int64_t half = kernel / 2;
    if (kernel % 2 == 1 && *options.kernel_size() == std::array<int64_t, 2>{kernel, kernel}
        && *options.stride() == one && *options.dilation() == one && options.padding_mode().index() == 0 // zeros
        && _reversed_padding_repeated_twice == std::vector<int64_t>{half, half, half, half})
        m_sameSizeHalo = half;
    m_plain3x3 = m_sameSizeHalo == 1 && options.groups() == 1;
}

at::Tensor Conv2dImpl::forward(const at::Tensor& input)
{
    if (usesGemm(input))
        return forwardGemm(input);
    return torch::nn::Conv2dImpl::forward(input);
}

bool Conv2dImpl::usesGemm(const at::Tensor& input) const
{
    // Training takes LibTorch's own kernel and its derivative, so the gradients are exactly the reference's.
    if (GradientCheckpoint::differentiableKernels())
        return false;
    return m_plain3x3 && input.is_cpu() && input.dim() == 4 && input.size(2) * input.size(3) <= kGemmMaxPixels;
}

// out[O, B*L] = W[O, K] x cols[K, B*L] (+ bias), K = Cin*9 and L = H*W. A channels-last weight is read as
// [O, kh, kw, Cin] without a copy; the small column matrix is reordered to match instead.
at::Tensor Conv2dImpl::forwardGemm(const at::Tensor& input)
{
    const int64_t batch = input.size(0), channels = input.size(1), height = input.size(2), width = input.size(3);
    const int64_t outChannels = weight.size(0), pixels = height * width;
    const bool channelsLast = !weight.is_contiguous() && weight.is_contiguous(at::MemoryFormat::ChannelsLast);
    at::Tensor columns = at::im2col(input, {3, 3}, {1, 1}, {1, 1}, {1, 1}); // [B, Cin*9, L], rows (c, kh, kw)
    at::Tensor matrix;                                                      // [O, K]
    if (channelsLast) {
        matrix = weight.permute({0, 2, 3, 1}).reshape({outChannels, -1}); // rows (kh, kw, c)
        columns = columns.view({batch, channels, 9, pixels}).transpose(1, 2);
    } else {
        matrix = weight.view({outChannels, -1});
    }
    columns = columns.reshape({batch, -1, pixels}).transpose(0, 1).reshape({matrix.size(1), batch * pixels});
    const at::Tensor product = bias.defined() ? at::addmm(bias.view({outChannels, 1}), matrix, columns)
                                              : at::mm(matrix, columns); // [O, B*L]
    const auto format = channelsLast ? at::MemoryFormat::ChannelsLast : at::MemoryFormat::Contiguous;
    return product.view({outChannels, batch, height, width}).transpose(0, 1).contiguous(format);
}

} // namespace fr2r::core
