#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace fr2r::core {

// FIPS 180-4 SHA-256, fed in pieces: model hashes for PNG metadata and the metrics feature cache.
class Sha256
{
public:
    Sha256();

    void update(const void* data, size_t size);
    void update(const std::string& bytes) { update(bytes.data(), bytes.size()); }

    // Lower-case hex of the digest; finishes the hash, so call it once.
    std::string hexDigest();

private:
    void processBlock(const uint8_t* block);

    std::array<uint32_t, 8> m_state;
    std::array<uint8_t, 64> m_buffer{};
    size_t m_bufferSize = 0;
    uint64_t m_totalBytes = 0;
};

// Lower-case hex SHA-256 of a file's content, read in 1 MiB blocks; throws fr2r::Error when it cannot be read.
std::string sha256File(const std::string& path);

} // namespace fr2r::core
