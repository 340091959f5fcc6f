#pragma once

#include <cstddef>
#include <fstream>
#include <string>

namespace fr2r::core {

// Writes to "<path>.partial" and renames it over <path> on commit(); without commit() the
// partial file is removed, so a failure or cancel never leaves a half-written output.
class AtomicFile
{
public:
    explicit AtomicFile(const std::string& path); // throws fr2r::Error
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, size_t size);
    void commit();

private:
    std::string m_path;
    std::string m_partialPath;
    std::ofstream m_stream;
    bool m_committed = false;
};

} // namespace fr2r::core
