#include "metrics/MetricsGolden.h"

#include "core/api/Error.h"
#include "core/io/SafeTensorsFile.h"
#include "metrics/FidInceptionV3.h"
#include "metrics/Kid.h"
#include "metrics/LpipsAlex.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <limits>

namespace fr2r::metrics {

namespace {

constexpr double kLpipsTolerance = 1e-5;
constexpr double kInceptionTolerance = 1e-4;
constexpr double kKidTolerance = 1e-9;

core::GoldenCheck compare(const core::SafeTensorsFile& reference, const std::string& name, const at::Tensor& actual,
                          double factor)
{
    const auto expected = reference.load(name).to(at::kDouble);
    const auto computed = actual.detach().to(at::kCPU, at::kDouble);
    core::GoldenCheck check;
    check.name = name;
    check.tolerance = factor * std::max(1.0, expected.abs().max().item<double>());
    if (computed.sizes() != expected.sizes())
        check.maxAbsError = std::numeric_limits<double>::infinity();
    else if (computed.isnan().any().item<bool>())
        check.maxAbsError = std::numeric_limits<double>::quiet_NaN();
    else
        check.maxAbsError = (computed - expected).abs().max().item<double>();
    return check;
}

at::Tensor scalar(double value)
{
    return torch::tensor(value, at::kDouble);
}

} // namespace

std::vector<core::GoldenCheck> checkMetricsGolden(const std::string& folder)
{
    const std::filesystem::path dir(folder);
    const std::string referencePath = (dir / "metrics_reference.safetensors").string();
    if (!std::filesystem::is_regular_file(referencePath))
        throw ModelFormatError("metrics reference (metrics_reference.safetensors) not found at " + referencePath +
                               ": point check-golden at shared/golden/metrics with the weights unpacked beside it");
    const core::SafeTensorsFile reference(referencePath);
    std::vector<core::GoldenCheck> checks;

    auto lpips = LpipsAlex::load((dir / "lpips_alex.safetensors").string());
    const auto x0 = reference.load("lpips.x0");
    const auto x1 = reference.load("lpips.x1");
    const auto perLayer = lpips->perLayer(x0, x1); // [B, 5]
    checks.push_back(compare(reference, "lpips.value", perLayer.sum(1), kLpipsTolerance));
    checks.push_back(compare(reference, "lpips.per_layer", perLayer, kLpipsTolerance));
    checks.push_back(compare(reference, "lpips.same", lpips->distance(x0, x0), kLpipsTolerance));

    auto inception = FidInceptionV3::load((dir / "fid_inception.safetensors").string());
    const auto pool3 = inception->features(reference.load("inception.images")); // [B, 2048]
    checks.push_back(compare(reference, "inception.pool3", pool3, kInceptionTolerance));

    const auto real = reference.load("kid.features_real");
    const double mmd2 = mmd2Unbiased(real, reference.load("kid.features_fake"));
    checks.push_back(compare(reference, "kid.mmd2_unbiased", scalar(mmd2), kKidTolerance));
    const double same = mmd2Unbiased(real, reference.load("kid.features_real2"));
    checks.push_back(compare(reference, "kid.mmd2_same_distribution", scalar(same), kKidTolerance));
    return checks;
}

} // namespace fr2r::metrics
