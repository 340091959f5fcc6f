#include "core/diffusion/WorkingSize.h"

#include <algorithm>
#include <cmath>

namespace fr2r::core {

WorkingSize WorkingSize::forImage(int imageWidth, int imageHeight, int longSide)
{
    const double scale = static_cast<double>(longSide) / std::max(imageWidth, imageHeight);
    auto snap = [](double side) { return std::max(64, static_cast<int>(std::lround(side / 64.0)) * 64); };
    return WorkingSize{snap(imageWidth * scale), snap(imageHeight * scale)};
}

} // namespace fr2r::core
