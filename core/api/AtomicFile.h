#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fr2r::core {

// The one way the project writes a file. The bytes go to a new, uniquely named temporary in the target's
// folder (".<name>.<random>", created exclusively, so a planted file or link there is never followed or
// reused, and two writers never share one), which commit() flushes to disk, renames over the target and
// makes durable by flushing the folder. Without commit() (an error, a cancel) the temporary is removed,
// so readers see the old file or the complete new one, never a mix. Paths are native byte strings.
class AtomicFile
{
public:
    explicit AtomicFile(const std::string& path); // throws fr2r::Error naming the file
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, size_t size);
    void commit();

    const std::string& temporaryPath() const { return m_temporaryPath; }

private:
    void discard() noexcept;

    std::string m_path;
    std::string m_temporaryPath;
    intptr_t m_file = -1; // a file descriptor, or a HANDLE on Windows
};

} // namespace fr2r::core
