#include "cli/ErrorMessage.h"

#include <c10/util/Exception.h>

#include <new>

namespace fr2r::cli {

std::string errorMessage(const std::exception& error)
{
    if (const auto* torch = dynamic_cast<const c10::Error*>(&error))
        return torch->what_without_backtrace();
    if (dynamic_cast<const std::bad_alloc*>(&error))
        return "out of memory";
    return error.what();
}

} // namespace fr2r::cli
