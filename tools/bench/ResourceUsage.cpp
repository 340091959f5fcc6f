#include "bench/ResourceUsage.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && defined(FR2R_WITH_CUDA_STATS)
#include <c10/cuda/CUDACachingAllocator.h>
#define FR2R_CUDA_STATS 1
#endif

namespace fr2r::bench {
namespace {

// A size field of /proc/self/status ("VmHWM:", the resident high-water mark; "VmRSS:") in bytes; 0 elsewhere.
int64_t statusBytes(const std::string& field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0) {
            std::istringstream fields(line.substr(field.size()));
            int64_t kib = 0;
            fields >> kib;
            return kib * 1024;
        }
    }
    return 0;
}

} // namespace

ResourceUsage::ResourceUsage(at::Device device)
    : m_device(device)
{
}

void ResourceUsage::resetPeak()
{
#ifdef FR2R_CUDA_STATS
    if (m_device.is_cuda()) {
        c10::cuda::CUDACachingAllocator::resetPeakStats(m_device.index() < 0 ? 0 : m_device.index());
        return;
    }
#endif
    // The kernel resets VmHWM when "5" is written to clear_refs.
    std::ofstream("/proc/self/clear_refs") << "5";
}

int64_t ResourceUsage::peakBytes() const
{
#ifdef FR2R_CUDA_STATS
    if (m_device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(m_device.index() < 0 ? 0 : m_device.index());
        return stats.allocated_bytes[0].peak; // StatType::AGGREGATE
    }
#endif
    return statusBytes("VmHWM:");
}

int64_t ResourceUsage::residentBytes() const
{
    return m_device.is_cuda() ? 0 : statusBytes("VmRSS:");
}

std::string ResourceUsage::describePeak() const
{
    char text[64];
    std::snprintf(text, sizeof text, "%.2f GiB peak %s", static_cast<double>(peakBytes()) / (1024.0 * 1024 * 1024),
                  m_device.is_cuda() ? "device memory" : "resident");
    return text;
}

} // namespace fr2r::bench
