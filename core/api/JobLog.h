#pragma once

#include <functional>
#include <string>

namespace fr2r::core {

enum class LogLevel { Debug, Info, Warning };
std::string toString(LogLevel level);

using LogCallback = std::function<void(LogLevel, const std::string&)>;

// The channel through which the core says what it decided (a config inferred from shapes, the tokenizer's source,
// the LoRA modules matched, tiling, attention chunking, the dtype Auto chose). A job installs its callback for the
// calling thread with a Scope; code deep in the core then logs without every function taking a callback. Jobs run
// on one worker thread at a time, so the thread's callback is the job's.
class JobLog
{
public:
    class Scope
    {
    public:
        explicit Scope(LogCallback callback);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        LogCallback m_previous;
    };

    static void debug(const std::string& message);
    static void info(const std::string& message);
    static void warning(const std::string& message);
    static void write(LogLevel level, const std::string& message); // no callback installed: dropped
};

} // namespace fr2r::core
