#pragma once

#include "core/io/GoldenCheck.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace fr2r::bench {

// Collects comparisons against reference tensors and prints one line each.
class GoldenReport
{
public:
    // factor: the tolerance is factor * max(1, max |reference|).
    void compare(const std::string& name, const at::Tensor& actual, const at::Tensor& reference, double factor);
    void compareExact(const std::string& name, const at::Tensor& actual, const at::Tensor& reference);
    void add(const core::GoldenCheck& check);

    void print() const;
    bool allPassed() const;

private:
    std::vector<core::GoldenCheck> m_checks;
};

} // namespace fr2r::bench
