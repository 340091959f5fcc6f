#pragma once

#include "core/api/ImageBuffer.h"

#include <string>

namespace fr2r::core {

// One training image, already decoded, resized and center-cropped to the training resolution by the caller
// (imaging/ reads folders; the core has no image codecs), with its caption.
struct TrainingExample
{
    ImageBuffer image;   // resolution x resolution
    std::string caption; // the same-named .txt, else the default prompt
};

} // namespace fr2r::core
