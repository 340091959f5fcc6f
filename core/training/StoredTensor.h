#pragma once

#include <torch/types.h>

#include <string>

namespace fr2r::core {

class SafeTensorsFile;

// Copies file's tensor `key` into target (same shape; converted to its dtype and device), outside autograd.
// Throws ModelFormatError naming the file and key when it is missing or has another shape.
void copyStoredTensor(const SafeTensorsFile& file, const std::string& key, const at::Tensor& target);

} // namespace fr2r::core
