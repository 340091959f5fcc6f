#pragma once

#include <exception>
#include <string>

namespace fr2r::cli {

// What went wrong, for one line on the terminal (the core converts LibTorch's errors at its job boundaries).
std::string errorMessage(const std::exception& error);

} // namespace fr2r::cli
