#pragma once

#include <c10/core/Device.h>

#include <cstdint>
#include <string>

namespace fr2r::core {

// Memory of a job (the benchmark, the training probe): the caching allocator's on CUDA, the process's resident set
// on the CPU (Linux; 0 elsewhere).
class ResourceUsage
{
public:
    explicit ResourceUsage(at::Device device);

    void resetPeak();
    int64_t peakBytes() const;
    int64_t currentBytes() const;
    std::string describePeak() const; // "3.42 GiB peak resident"

private:
    at::Device m_device;
};

} // namespace fr2r::core
