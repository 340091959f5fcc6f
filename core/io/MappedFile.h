#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace fr2r::core {

// A read-only memory map of a whole file (POSIX mmap or Win32 file mapping).
class MappedFile
{
public:
    explicit MappedFile(const std::string& path); // throws ModelFormatError
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return m_data; }
    uint64_t size() const { return m_size; }

private:
    const uint8_t* m_data = nullptr;
    uint64_t m_size = 0;
#ifdef _WIN32
    void* m_fileHandle = nullptr;
    void* m_mapHandle = nullptr;
#endif
};

} // namespace fr2r::core
