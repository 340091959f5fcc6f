#include "support/TensorCompare.h"

#include "TestConfig.h"

#include <torch/torch.h>

#include <algorithm>
#include <sstream>

namespace fr2r::test {

std::string goldenPath(const std::string& relative)
{
    return std::string(FR2R_GOLDEN_DIR) + "/" + relative;
}

double maxAbsError(const at::Tensor& actual, const at::Tensor& expected)
{
    auto a = actual.detach().to(at::kCPU, at::kDouble);
    auto e = expected.detach().to(at::kCPU, at::kDouble);
    return (a - e).abs().max().item<double>();
}

double tolerance(const at::Tensor& expected, double factor)
{
    const double largest = expected.detach().to(at::kCPU, at::kDouble).abs().max().item<double>();
    return factor * std::max(1.0, largest);
}

std::string compareToReference(const std::string& name, const at::Tensor& actual, const at::Tensor& expected,
                               double factor)
{
    std::ostringstream message;
    if (actual.sizes() != expected.sizes()) {
        message << name << ": shape " << actual.sizes() << " differs from the reference " << expected.sizes();
        return message.str();
    }
    if (actual.detach().to(at::kCPU, at::kDouble).isnan().any().item<bool>())
        return name + ": result holds NaN";
    const double error = maxAbsError(actual, expected);
    const double limit = tolerance(expected, factor);
    if (error <= limit)
        return {};
    message << name << ": max abs error " << error << " exceeds the tolerance " << limit;
    return message.str();
}

} // namespace fr2r::test
