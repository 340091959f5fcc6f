#include "core/api/JobLog.h"

#include <utility>

namespace fr2r::core {
namespace {

LogCallback& threadCallback()
{
    thread_local LogCallback callback;
    return callback;
}

} // namespace

std::string toString(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    }
    return {};
}

JobLog::Scope::Scope(LogCallback callback)
    : m_previous(std::exchange(threadCallback(), std::move(callback)))
{
}

JobLog::Scope::~Scope()
{
    threadCallback() = std::move(m_previous);
}

void JobLog::debug(const std::string& message)
{
    write(LogLevel::Debug, message);
}

void JobLog::info(const std::string& message)
{
    write(LogLevel::Info, message);
}

void JobLog::warning(const std::string& message)
{
    write(LogLevel::Warning, message);
}

void JobLog::write(LogLevel level, const std::string& message)
{
    if (const LogCallback& callback = threadCallback())
        callback(level, message);
}

} // namespace fr2r::core
