#include "bench/GoldenReport.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <limits>

namespace fr2r::bench {

void GoldenReport::compare(const std::string& name, const at::Tensor& actual, const at::Tensor& reference, double factor)
{
    const auto a = actual.detach().to(torch::kCPU, torch::kDouble);
    const auto r = reference.detach().to(torch::kCPU, torch::kDouble);
    core::GoldenCheck check{name, std::numeric_limits<double>::infinity(),
                            factor * std::max(1.0, r.abs().max().item<double>())};
    if (a.sizes() == r.sizes())
        check.maxAbsError = a.isnan().any().item<bool>() ? std::nan("") : (a - r).abs().max().item<double>();
    m_checks.push_back(check);
}

void GoldenReport::compareExact(const std::string& name, const at::Tensor& actual, const at::Tensor& reference)
{
    compare(name, actual, reference, 0.0);
}

void GoldenReport::add(const core::GoldenCheck& check)
{
    m_checks.push_back(check);
}

void GoldenReport::print() const
{
    std::printf("%-48s %14s %14s  %s\n", "tensor", "max abs error", "tolerance", "result");
    for (const auto& check : m_checks)
        std::printf("%-48s %14.3e %14.3e  %s\n", check.name.c_str(), check.maxAbsError, check.tolerance,
                    check.passed() ? "ok" : "FAIL");
    std::printf("%zu checks, %s\n", m_checks.size(), allPassed() ? "all within tolerance" : "SOME EXCEED THE TOLERANCE");
}

bool GoldenReport::allPassed() const
{
    for (const auto& check : m_checks)
        if (!check.passed())
            return false;
    return !m_checks.empty();
}

} // namespace fr2r::bench
