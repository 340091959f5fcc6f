#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::imaging {

// The whole file (UTF-8 path). Throws fr2r::Error("<path>: <what>: <reason>") when it is missing,
// unreadable or empty.
std::vector<uint8_t> readFileBytes(const std::string& path, const std::string& what);

// Writes the whole file through core::AtomicFile (unique temporary, flushed, renamed over <path>); every
// file the application writes goes through here or AtomicFile. Throws fr2r::Error naming the file.
void writeFileBytes(const std::string& path, const void* data, size_t size);

} // namespace fr2r::imaging
