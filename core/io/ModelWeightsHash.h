#pragma once

#include <string>

namespace fr2r::core {

// Lower-case hex SHA-256 of a model's weights: the file of a single-file checkpoint, the UNet's weights file of a
// diffusers folder (what a LoRA and a domain pack are trained against); empty for a folder without one. Throws
// fr2r::Error when the file cannot be read.
std::string hashOfModelWeights(const std::string& modelPath);

} // namespace fr2r::core
