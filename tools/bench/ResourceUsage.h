#pragma once

#include <c10/core/Device.h>

#include <cstdint>
#include <string>

namespace fr2r::bench {

// Peak memory of the benchmark so far: device memory on CUDA, resident memory of the process on the CPU.
class ResourceUsage
{
public:
    explicit ResourceUsage(at::Device device);

    void resetPeak();
    int64_t peakBytes() const;
    std::string describePeak() const; // "3.42 GiB peak resident"
    int64_t residentBytes() const;    // the process's resident memory now (CPU); 0 on CUDA

private:
    at::Device m_device;
};

} // namespace fr2r::bench
