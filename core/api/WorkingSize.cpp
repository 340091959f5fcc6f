#include "core/api/WorkingSize.h"

#include <algorithm>
#include <cmath>

namespace fr2r::core {

WorkingSize WorkingSize::forImage(int imageWidth, int imageHeight, int longSide)
{
    // Rounding each side to the nearest multiple keeps each within half a latent pixel of the exact scale.
    const int imageLongSide = std::max(imageWidth, imageHeight);
    const double latentLongSide = std::max(1L, std::lround(static_cast<double>(std::min(longSide, imageLongSide)) / kMultiple));
    const double scale = latentLongSide / imageLongSide;
    auto snap = [](double latentSide) { return static_cast<int>(std::max(1L, std::lround(latentSide))) * kMultiple; };
    return WorkingSize{snap(imageWidth * scale), snap(imageHeight * scale)};
}

} // namespace fr2r::core
