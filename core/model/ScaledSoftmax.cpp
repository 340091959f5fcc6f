#include "core/model/ScaledSoftmax.h"

#include "core/api/Error.h"
#include "core/model/VectorClones.h"

#include <ATen/ATen.h>
#include <c10/util/Half.h>

#include <cstring>
#include <limits>

namespace fr2r::core {
namespace {

inline float bitsToFloat(uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

inline uint32_t floatToBits(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// exp(x) for x <= 0 (a row minus its maximum): Cephes' expf, exp(x) = 2^n exp(r), |r| <= ln 2 / 2. Below -87.3
// exp(x) is under float32's smallest normal number; clamping there gives 1e-38 instead of less, which no
// normalised probability tells apart from it.
inline float expNonPositive(float x)
{
    constexpr float kRound = 12582912.0f; // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
    x = x < -87.3f ? -87.3f : x;
    const float shifted = x * 1.44269504088896341f + kRound;
    const float n = shifted - kRound;
    const auto exponent = static_cast<int32_t>(floatToBits(shifted) - floatToBits(kRound));
    const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float y = p * r * r + r + 1.0f;
    return y * bitsToFloat(static_cast<uint32_t>(exponent + 127) << 23);
}

struct FloatElement
{
    using Type = float;
    static float load(float x) { return x; }
    static float store(float x) { return x; }
};

// bfloat16 as its bits: the upper half of a float32; stores round to nearest even as c10::BFloat16 does.
struct BFloat16Element
{
    using Type = uint16_t;
    static float load(uint16_t x) { return bitsToFloat(static_cast<uint32_t>(x) << 16); }
    static uint16_t store(float x)
    {
        const uint32_t bits = floatToBits(x);
        const uint32_t rounded = (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
        return x != x ? uint16_t{0x7fc0} : static_cast<uint16_t>(rounded); // NaN stays NaN
    }
};

struct HalfElement
{
    using Type = c10::Half;
    static float load(c10::Half x) { return static_cast<float>(x); }
    static c10::Half store(float x) { return c10::Half(x); }
};

// Pass 1: row = scale * x in float32; returns the row's maximum (a NaN in x reaches the sum through pass 2).
template <typename Element>
inline float scaleIntoRow(const typename Element::Type* x, float* row, int64_t n, float scale)
{
    float maximum = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : maximum)
    for (int64_t j = 0; j < n; ++j) {
        row[j] = Element::load(x[j]) * scale;
        maximum = row[j] > maximum ? row[j] : maximum;
    }
    return maximum;
}

// Pass 2: row = exp(row - maximum); returns their sum (in one partial sum per vector lane).
inline float exponentiate(float* row, int64_t n, float maximum)
{
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < n; ++j) {
        row[j] = expNonPositive(row[j] - maximum);
        sum += row[j];
    }
    return sum;
}

template <typename Element>
inline void softmaxRows(typename Element::Type* block, int64_t rows, int64_t n, float scale, float* row)
{
    for (int64_t i = 0; i < rows; ++i) {
        typename Element::Type* x = block + i * n;
        const float maximum = scaleIntoRow<Element>(x, row, n, scale);
        const float inverse = 1.0f / exponentiate(row, n, maximum);
#pragma omp simd
        for (int64_t j = 0; j < n; ++j)
            x[j] = Element::store(row[j] * inverse);
    }
}

FR2R_VECTOR_CLONES void softmaxFloatRows(float* block, int64_t rows, int64_t n, float scale, float* row)
{
    softmaxRows<FloatElement>(block, rows, n, scale, row);
}

FR2R_VECTOR_CLONES void softmaxBFloat16Rows(uint16_t* block, int64_t rows, int64_t n, float scale, float* row)
{
    softmaxRows<BFloat16Element>(block, rows, n, scale, row);
}

void softmaxHalfRows(c10::Half* block, int64_t rows, int64_t n, float scale, float* row)
{
    softmaxRows<HalfElement>(block, rows, n, scale, row);
}

} // namespace

ScaledSoftmax::ScaledSoftmax(int64_t length)
    : m_row(static_cast<size_t>(length))
{
}

void ScaledSoftmax::apply(const at::Tensor& block, double scale)
{
    const int64_t rows = block.size(0), n = block.size(1);
    if (!block.is_cpu() || !block.is_contiguous() || n > static_cast<int64_t>(m_row.size()))
        throw InvalidArgumentError("ScaledSoftmax: a contiguous CPU block of at most the planned row length");
    const auto factor = static_cast<float>(scale);
    switch (block.scalar_type()) {
    case at::kFloat:
        return softmaxFloatRows(block.data_ptr<float>(), rows, n, factor, m_row.data());
    case at::kBFloat16:
        return softmaxBFloat16Rows(reinterpret_cast<uint16_t*>(block.data_ptr<at::BFloat16>()), rows, n, factor,
                                   m_row.data());
    case at::kHalf:
        return softmaxHalfRows(block.data_ptr<c10::Half>(), rows, n, factor, m_row.data());
    case at::kDouble: { // reference runs: LibTorch's own, all in float64
        at::Tensor scores = block;
        scores.mul_(scale);
        at::_softmax_out(scores, scores, -1, false);
        return;
    }
    default:
        throw InvalidArgumentError("ScaledSoftmax: float64, float32, bfloat16 or float16 only");
    }
}

} // namespace fr2r::core
