#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::imaging {

// The whole file (UTF-8 path). Throws fr2r::Error("<path>: <what>: <reason>") when it is missing,
// unreadable or empty.
std::vector<uint8_t> readFileBytes(const std::string& path, const std::string& what);

// Writes through "<path>.partial", renamed over <path> only when complete (core::AtomicFile).
void writeFileAtomically(const std::string& path, const std::vector<uint8_t>& bytes);

} // namespace fr2r::imaging
