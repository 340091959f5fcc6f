#pragma once

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <vector>

namespace fr2r::core {

// Lets the tiles of one image share GroupNorm statistics, so that a tiled VAE pass normalises every tile as the
// whole image would be normalised: a whole (downscaled) pass records each GroupNorm's per-group mean and inverse
// standard deviation in call order, then every tile replays them in the same order.
class GroupNormStatistics
{
public:
    void startRecording(); // forgets what was recorded
    void startReplay();    // the next normalize() uses the first recorded statistics

    // GroupNorm of input [B, C, ...] with the recorded statistics (or records its own), in float32,
    // returned in the input's dtype and memory format. Throws Error when a replay runs past the recording.
    at::Tensor normalize(const at::Tensor& input, int64_t groups, const at::Tensor& weight, const at::Tensor& bias,
                         double eps);

private:
    struct Moments
    {
        at::Tensor mean;   // [B, G, 1] float32
        at::Tensor invStd; // [B, G, 1] float32
    };

    bool m_recording = true;
    std::vector<Moments> m_moments;
    std::size_t m_next = 0;
};

} // namespace fr2r::core
