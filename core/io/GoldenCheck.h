#pragma once

#include <string>

namespace fr2r::core {

// One comparison of a computed tensor against a reference file's, as `fr2r-bench check-golden` reports it.
struct GoldenCheck
{
    std::string name;       // the reference tensor's key, e.g. "lpips.value"
    double maxAbsError = 0; // max |computed - reference|; NaN when the result holds NaN
    double tolerance = 0;   // the README's tolerance for that key

    // NaN compares false, so a NaN result never passes.
    bool passed() const { return maxAbsError <= tolerance; }
};

} // namespace fr2r::core
