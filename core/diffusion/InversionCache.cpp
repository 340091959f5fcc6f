#include "core/diffusion/InversionCache.h"

namespace fr2r::core {

InversionTrajectory& InversionCache::entry(const std::string& key)
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->first == key) {
            m_entries.splice(m_entries.begin(), m_entries, it);
            return m_entries.front().second;
        }
    }
    m_entries.emplace_front(key, InversionTrajectory{});
    while (m_entries.size() > m_capacity)
        m_entries.pop_back();
    return m_entries.front().second;
}

} // namespace fr2r::core
