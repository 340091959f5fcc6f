#pragma once

#include <torch/types.h>

#include <string>

namespace fr2r::test {

// Absolute path of a file under ../shared/golden.
std::string goldenPath(const std::string& relative);

// max |actual - expected| (both upcast to float64 on the CPU).
double maxAbsError(const at::Tensor& actual, const at::Tensor& expected);

// The golden README's tolerance: factor * max(1, max |expected|).
double tolerance(const at::Tensor& expected, double factor);

// Empty when actual matches expected in shape and within factor * max(1, max|expected|),
// else a message naming the tensor, the error and the tolerance; NaNs always fail.
std::string compareToReference(const std::string& name, const at::Tensor& actual, const at::Tensor& expected,
                               double factor);

} // namespace fr2r::test

// QVERIFY2 wrapper: fails the test with compareToReference's message.
#define FR2R_COMPARE_TENSOR(name, actual, expected, factor)                                                      \
    do {                                                                                                         \
        const std::string fr2rMessage = fr2r::test::compareToReference(name, actual, expected, factor);         \
        QVERIFY2(fr2rMessage.empty(), fr2rMessage.c_str());                                                      \
    } while (false)
