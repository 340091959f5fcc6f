#pragma once

#include "core/io/GoldenCheck.h"

#include <string>
#include <vector>

namespace fr2r::metrics {

// Recomputes LPIPS (lpips.value, lpips.per_layer, lpips.same), Inception pool3 (inception.pool3) and MMD²
// (kid.mmd2_unbiased, kid.mmd2_same_distribution) from the inputs in folder/metrics_reference.safetensors,
// with folder/lpips_alex.safetensors and folder/fid_inception.safetensors, on the CPU, and compares them
// with the README's tolerances (LPIPS 1e-5, Inception 1e-4, MMD 1e-9, each times max(1, max |reference|)).
// The SSIM entries belong to the imaging layer. Throws ModelFormatError when a file is missing or lacks a key.
std::vector<core::GoldenCheck> checkMetricsGolden(const std::string& folder);

} // namespace fr2r::metrics
