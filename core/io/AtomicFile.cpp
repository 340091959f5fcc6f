#include "core/io/AtomicFile.h"

#include "core/Error.h"

#include <cstdio>
#include <filesystem>

namespace fr2r::core {

AtomicFile::AtomicFile(const std::string& path)
    : m_path(path)
    , m_partialPath(path + ".partial")
{
    m_stream.open(std::filesystem::u8path(m_partialPath), std::ios::binary | std::ios::trunc);
    if (!m_stream)
        throw Error("cannot write " + m_partialPath);
}

AtomicFile::~AtomicFile()
{
    if (!m_committed) {
        m_stream.close();
        std::error_code ignored;
        std::filesystem::remove(std::filesystem::u8path(m_partialPath), ignored);
    }
}

void AtomicFile::write(const void* data, size_t size)
{
    m_stream.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!m_stream)
        throw Error("cannot write " + m_partialPath + " (disk full?)");
}

void AtomicFile::commit()
{
    m_stream.close();
    if (!m_stream)
        throw Error("cannot finish writing " + m_partialPath);
    std::error_code error;
    std::filesystem::rename(std::filesystem::u8path(m_partialPath), std::filesystem::u8path(m_path), error);
    if (error)
        throw Error("cannot rename " + m_partialPath + " to " + m_path + ": " + error.message());
    m_committed = true;
}

} // namespace fr2r::core
