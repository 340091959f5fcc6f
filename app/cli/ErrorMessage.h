#pragma once

#include <exception>
#include <string>

namespace fr2r::cli {

// What went wrong, for one line on the terminal: LibTorch's errors without their C++ backtrace.
std::string errorMessage(const std::exception& error);

} // namespace fr2r::cli
