#pragma once

#include "core/diffusion/DdimInversion.h"

#include <list>
#include <string>

namespace fr2r::core {

// The encoded latent and inversion trajectory of the last few images, keyed by everything they depend
// on (image, model and domain pack, N, source prompt, working size, compat mode), least recently used
// first out. A larger strength extends an entry; a smaller one reuses its prefix.
class InversionCache
{
public:
    explicit InversionCache(size_t capacity = 4)
        : m_capacity(capacity)
    {
    }

    // The entry for key, created empty (no latents) when missing; valid until the next call.
    InversionTrajectory& entry(const std::string& key);
    void clear() { m_entries.clear(); }

private:
    size_t m_capacity;
    std::list<std::pair<std::string, InversionTrajectory>> m_entries; // most recently used first
};

} // namespace fr2r::core
