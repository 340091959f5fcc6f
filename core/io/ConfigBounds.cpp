#include "core/io/ConfigBounds.h"

#include <cmath>
#include <sstream>

namespace fr2r::core {

void ConfigBounds::require(const std::string& key, int64_t value, int64_t low, int64_t high) const
{
    if (value < low || value > high)
        throw error(key + " = " + std::to_string(value) + " is out of range (" + std::to_string(low) + ".."
                    + std::to_string(high) + ")");
}

void ConfigBounds::requireEach(const std::string& key, const std::vector<int>& values, int64_t low, int64_t high) const
{
    for (size_t i = 0; i < values.size(); ++i)
        require(key + "[" + std::to_string(i) + "]", values[i], low, high);
}

void ConfigBounds::requireCount(const std::string& key, size_t count, size_t low, size_t high) const
{
    if (count < low || count > high)
        throw error(key + " has " + std::to_string(count) + " entries, out of range (" + std::to_string(low) + ".."
                    + std::to_string(high) + ")");
}

void ConfigBounds::requirePositive(const std::string& key, double value, double high) const
{
    if (!(std::isfinite(value) && value > 0.0 && value <= high)) {
        std::ostringstream text;
        text << key << " = " << value << " is out of range (greater than 0, at most " << high << ")";
        throw error(text.str());
    }
}

ModelFormatError ConfigBounds::error(const std::string& what) const
{
    return ModelFormatError(m_file + ": " + what);
}

} // namespace fr2r::core
