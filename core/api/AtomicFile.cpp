#include "core/api/AtomicFile.h"

#include "core/api/Error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#ifdef _WIN32
#define NOMINMAX
#include <windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace fr2r::core {
namespace {

constexpr int kNameAttempts = 100;

// "<folder>/.<name>.<12 random hex digits>": hidden, so folder scans never take it for an input.
std::string temporaryName(const std::string& path)
{
    thread_local std::mt19937_64 random(std::random_device{}());
    const size_t slash = path.find_last_of("/\\");
    const size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, ".%012llx", static_cast<unsigned long long>(random() & 0xFFFFFFFFFFFFull));
    return path.substr(0, nameStart) + "." + path.substr(nameStart) + suffix;
}

std::string lastError()
{
#ifdef _WIN32
    return "Windows error " + std::to_string(GetLastError());
#else
    return std::strerror(errno);
#endif
}

#ifdef _WIN32
std::wstring widePath(const std::string& utf8)
{
    const int size = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring wide(static_cast<size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), wide.data(), size);
    return wide;
}

intptr_t createExclusive(const std::string& path)
{
    const HANDLE file = CreateFileW(widePath(path).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                    FILE_ATTRIBUTE_NORMAL, nullptr);
    return file == INVALID_HANDLE_VALUE ? -1 : reinterpret_cast<intptr_t>(file);
}

bool nameTaken() { return GetLastError() == ERROR_FILE_EXISTS; }

bool writeSome(intptr_t file, const char* data, size_t size, size_t& written)
{
    DWORD done = 0;
    const bool ok = WriteFile(reinterpret_cast<HANDLE>(file), data, static_cast<DWORD>(std::min<size_t>(size, 1u << 30)),
                              &done, nullptr);
    written = done;
    return ok;
}

bool syncAndClose(intptr_t file)
{
    const bool synced = FlushFileBuffers(reinterpret_cast<HANDLE>(file));
    return CloseHandle(reinterpret_cast<HANDLE>(file)) && synced;
}

void closeQuietly(intptr_t file) { CloseHandle(reinterpret_cast<HANDLE>(file)); }
void removeQuietly(const std::string& path) { DeleteFileW(widePath(path).c_str()); }

// WRITE_THROUGH returns only once the rename is on disk, which also covers the folder.
bool replace(const std::string& from, const std::string& to)
{
    return MoveFileExW(widePath(from).c_str(), widePath(to).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
}
#else
intptr_t createExclusive(const std::string& path)
{
    // O_EXCL fails on any existing entry, a dangling link included; O_NOFOLLOW states the intent twice.
    return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

bool nameTaken() { return errno == EEXIST; }

bool writeSome(intptr_t file, const char* data, size_t size, size_t& written)
{
    const ssize_t done = ::write(static_cast<int>(file), data, size);
    written = done > 0 ? static_cast<size_t>(done) : 0;
    return done >= 0 || errno == EINTR;
}

bool syncAndClose(intptr_t file)
{
    const bool synced = ::fsync(static_cast<int>(file)) == 0;
    return ::close(static_cast<int>(file)) == 0 && synced;
}

void closeQuietly(intptr_t file) { ::close(static_cast<int>(file)); }
void removeQuietly(const std::string& path) { ::unlink(path.c_str()); }

// The rename is durable only once the folder's entry is on disk. Some file systems refuse fsync on a
// folder; the data itself is already synced then, so that is not an error.
bool replace(const std::string& from, const std::string& to)
{
    if (::rename(from.c_str(), to.c_str()) != 0)
        return false;
    const size_t slash = to.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : to.substr(0, slash));
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return true;
}
#endif

} // namespace

AtomicFile::AtomicFile(const std::string& path)
    : m_path(path)
{
    for (int attempt = 0; attempt < kNameAttempts && m_file == -1; ++attempt) {
        m_temporaryPath = temporaryName(path);
        m_file = createExclusive(m_temporaryPath);
        if (m_file == -1 && !nameTaken())
            throw Error(path + ": cannot write the file: cannot create " + m_temporaryPath + " (" + lastError() + ")");
    }
    if (m_file == -1)
        throw Error(path + ": cannot write the file: no free temporary name beside it");
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard() noexcept
{
    if (m_file == -1)
        return;
    closeQuietly(m_file);
    m_file = -1;
    removeQuietly(m_temporaryPath);
}

void AtomicFile::write(const void* data, size_t size)
{
    if (m_file == -1)
        throw Error(m_path + ": cannot write the file: it is already closed");
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        size_t written = 0;
        if (!writeSome(m_file, bytes, size, written)) {
            const std::string reason = lastError();
            discard();
            throw Error(m_path + ": cannot write the file (" + reason + "; disk full?)");
        }
        bytes += written;
        size -= written;
    }
}

void AtomicFile::commit()
{
    if (m_file == -1)
        throw Error(m_path + ": cannot write the file: it is already closed");
    const intptr_t file = m_file;
    m_file = -1;
    if (!syncAndClose(file)) {
        const std::string reason = lastError();
        removeQuietly(m_temporaryPath);
        throw Error(m_path + ": cannot finish writing the file (" + reason + ")");
    }
    if (!replace(m_temporaryPath, m_path)) {
        const std::string reason = lastError();
        removeQuietly(m_temporaryPath);
        throw Error(m_path + ": cannot replace the file with " + m_temporaryPath + " (" + reason + ")");
    }
}

} // namespace fr2r::core
