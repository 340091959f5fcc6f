#pragma once

#include "core/api/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::core {

// Range checks for model configuration values, read from config.json or inferred from tensor shapes, so that a
// hostile or broken file is refused before anything is allocated from its sizes. Messages read
// "<file>: <key> = <value> is out of range (<low>..<high>)".
class ConfigBounds
{
public:
    explicit ConfigBounds(std::string file)
        : m_file(std::move(file))
    {
    }

    // Limits the UNet and the VAE share: a few times Stable Diffusion's (SDXL's) values, far below what would
    // exhaust memory.
    static constexpr int kMaxLevels = 8;
    static constexpr int kMaxChannels = 4096;
    static constexpr int kMaxLayers = 8;
    static constexpr int kMaxGroups = 1024;
    static constexpr int kMaxLatentChannels = 64;

    const std::string& file() const { return m_file; }

    void require(const std::string& key, int64_t value, int64_t low, int64_t high) const;
    void requireEach(const std::string& key, const std::vector<int>& values, int64_t low, int64_t high) const;
    void requireCount(const std::string& key, size_t count, size_t low, size_t high) const; // list lengths
    void requirePositive(const std::string& key, double value, double high) const;          // finite, in (0, high]

    ModelFormatError error(const std::string& what) const; // "<file>: <what>"

private:
    std::string m_file;
};

} // namespace fr2r::core
