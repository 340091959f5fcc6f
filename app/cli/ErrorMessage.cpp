#include "cli/ErrorMessage.h"

#include <new>

namespace fr2r::cli {

std::string errorMessage(const std::exception& error)
{
    if (dynamic_cast<const std::bad_alloc*>(&error))
        return "out of memory";
    return error.what();
}

} // namespace fr2r::cli
