#pragma once

#include "core/api/ImageBuffer.h"

#include <functional>

namespace fr2r::core {

// One result of a strength x gamma sweep.
struct SweepCell
{
    double strength = 0;
    double gamma = 0;
    ImageBuffer image;
};
using SweepCellCallback = std::function<void(const SweepCell&)>;

} // namespace fr2r::core
