#pragma once

#include "core/api/ImageBuffer.h"

#include <memory>
#include <string>

namespace fr2r::metrics {

// LPIPS between two 8-bit images of one size, for callers that must not include LibTorch (the ui's
// sweep). Loads lpips_alex.safetensors once; distance() may be called from several threads.
class LpipsScorer
{
public:
    explicit LpipsScorer(const std::string& weightsPath); // throws ModelFormatError naming the file
    ~LpipsScorer();
    LpipsScorer(const LpipsScorer&) = delete;
    LpipsScorer& operator=(const LpipsScorer&) = delete;

    double distance(const ImageBuffer& a, const ImageBuffer& b) const; // throws InvalidArgumentError on size mismatch

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace fr2r::metrics
