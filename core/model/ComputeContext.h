#pragma once

#include "core/api/EngineSettings.h"

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <string>

namespace fr2r::core {

// Where the models run and in which floating-point type, resolved once from the user's choice.
class ComputeContext
{
public:
    ComputeContext() = default;
    ComputeContext(at::Device device, at::ScalarType dtype); // throws InvalidArgumentError when unsupported

    // Auto: CUDA when available; fp16 on CUDA, bf16 on a CPU that runs it, else fp32.
    static ComputeContext choose(DeviceChoice device, PrecisionChoice precision);

    // Once per process: LibTorch's intra-op threads to the hardware's (Debian's LibTorch starts with one), and
    // glibc's allocator told to keep freed blocks for reuse (see the .cpp).
    static void configureCpu();
    // Returns the heap's free pages to the system (glibc keeps them, see configureCpu): once after loading, where
    // the float32 copies and conversions of the weights have left gigabytes that no later allocation reuses.
    static void releaseFreedMemory();

    // Whether the convolution, norm and matmul kernels of the models exist for dtype on device.
    static bool supports(at::Device device, at::ScalarType dtype);

    at::Device device() const { return m_device; }
    at::ScalarType dtype() const { return m_dtype; }
    std::string describe() const; // "cuda:0 float16", for logs
    std::string precisionName() const; // "fp32", "fp16" or "bf16", as Settings and the CLI name them

private:
    at::Device m_device = at::kCPU;
    at::ScalarType m_dtype = at::kFloat;
};

} // namespace fr2r::core
