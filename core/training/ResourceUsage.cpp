#include "core/training/ResourceUsage.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#if __has_include(<c10/cuda/CUDACachingAllocator.h>) && defined(FR2R_WITH_CUDA_STATS)
#include <c10/cuda/CUDACachingAllocator.h>
#define FR2R_CUDA_STATS 1
#endif

namespace fr2r::core {
namespace {

// A "VmHWM:" (the resident set's high-water mark) or "VmRSS:" line of /proc/self/status (Linux); 0 elsewhere.
int64_t residentBytes(const std::string& field)
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

#ifdef FR2R_CUDA_STATS
c10::DeviceIndex cudaIndex(const at::Device& device)
{
    return device.index() < 0 ? 0 : device.index();
}
#endif

} // namespace

ResourceUsage::ResourceUsage(at::Device device)
    : m_device(device)
{
}

void ResourceUsage::resetPeak()
{
#ifdef FR2R_CUDA_STATS
    if (m_device.is_cuda()) {
        c10::cuda::CUDACachingAllocator::resetPeakStats(cudaIndex(m_device));
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
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(cudaIndex(m_device));
        return stats.allocated_bytes[0].peak; // StatType::AGGREGATE
    }
#endif
    return residentBytes("VmHWM:");
}

int64_t ResourceUsage::currentBytes() const
{
#ifdef FR2R_CUDA_STATS
    if (m_device.is_cuda())
        return c10::cuda::CUDACachingAllocator::getDeviceStats(cudaIndex(m_device))
            .allocated_bytes[0]
            .current;
#endif
    return residentBytes("VmRSS:");
}

std::string ResourceUsage::describePeak() const
{
    char text[64];
    std::snprintf(text, sizeof text, "%.2f GiB peak %s", static_cast<double>(peakBytes()) / (1024.0 * 1024 * 1024),
                  m_device.is_cuda() ? "device memory" : "resident");
    return text;
}

} // namespace fr2r::core
