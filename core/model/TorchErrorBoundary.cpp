#include "core/model/TorchErrorBoundary.h"

#include "core/api/Error.h"

#include <utility>

namespace fr2r::core {

TorchErrorBoundary::TorchErrorBoundary(std::string device, std::string what, std::string remedy)
    : m_device(std::move(device))
    , m_what(std::move(what))
    , m_remedy(std::move(remedy))
{
}

void TorchErrorBoundary::rethrow(const c10::Error& error) const
{
    const std::string message = error.what_without_backtrace();
    if (message.find("out of memory") != std::string::npos || message.find("alloc") != std::string::npos)
        throwOutOfMemory();
    throw Error("computation failed: " + message);
}

void TorchErrorBoundary::throwOutOfMemory() const
{
    throw OutOfMemoryError("out of " + m_device + " memory" + (m_what.empty() ? "" : " at " + m_what) + ": " +
                           m_remedy);
}

} // namespace fr2r::core
