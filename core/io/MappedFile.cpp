#include "core/io/MappedFile.h"

#include "core/api/Error.h"

#include <cerrno>
#include <cstring>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace fr2r::core {

#ifdef _WIN32

MappedFile::MappedFile(const std::string& path)
{
    const int wideLength = MultiByteToWideChar(CP_UTF8, 0, path.c_str(), -1, nullptr, 0);
    std::wstring widePath(wideLength, L'\0');
    MultiByteToWideChar(CP_UTF8, 0, path.c_str(), -1, widePath.data(), wideLength);
    HANDLE file = CreateFileW(widePath.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE)
        throw ModelFormatError(path + ": cannot open the file");
    m_fileHandle = file;
    LARGE_INTEGER size;
    GetFileSizeEx(file, &size);
    m_size = static_cast<uint64_t>(size.QuadPart);
    if (m_size == 0)
        return;
    m_mapHandle = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (!m_mapHandle)
        throw ModelFormatError(path + ": cannot map the file into memory");
    m_data = static_cast<const uint8_t*>(MapViewOfFile(m_mapHandle, FILE_MAP_READ, 0, 0, 0));
    if (!m_data)
        throw ModelFormatError(path + ": cannot map the file into memory");
}

MappedFile::~MappedFile()
{
    if (m_data)
        UnmapViewOfFile(m_data);
    if (m_mapHandle)
        CloseHandle(m_mapHandle);
    if (m_fileHandle)
        CloseHandle(m_fileHandle);
}

#else

MappedFile::MappedFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw ModelFormatError(path + ": cannot open the file (" + std::strerror(errno) + ")");
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw ModelFormatError(path + ": not a regular file");
    }
    m_size = static_cast<uint64_t>(info.st_size);
    if (m_size > 0) {
        void* mapped = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (mapped == MAP_FAILED) {
            ::close(fd);
            throw ModelFormatError(path + ": cannot map the file into memory (" + std::strerror(errno) + ")");
        }
        m_data = static_cast<const uint8_t*>(mapped);
    }
    ::close(fd); // the mapping keeps the file alive
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

#endif

} // namespace fr2r::core
