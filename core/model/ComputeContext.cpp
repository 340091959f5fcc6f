#include "core/model/ComputeContext.h"

#include "core/TorchCompat.h"
#include "core/api/Error.h"
#include "core/api/JobLog.h"
#include "core/model/LargeBlockAllocator.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <mutex>
#include <thread>

namespace fr2r::core {

ComputeContext::ComputeContext(at::Device device, at::ScalarType dtype)
    : m_device(device)
    , m_dtype(dtype)
{
    if (device.is_cuda() && !compat::cudaAvailable())
        throw InvalidArgumentError("CUDA was requested but LibTorch sees no CUDA device: choose the CPU");
    if (!supports(device, dtype))
        throw InvalidArgumentError(std::string("this LibTorch cannot run ") + c10::toString(dtype) + " models on " +
                                   device.str() + ": choose another precision");
}

ComputeContext ComputeContext::choose(DeviceChoice device, PrecisionChoice precision)
{
    const bool cuda = device == DeviceChoice::Cuda || (device == DeviceChoice::Auto && compat::cudaAvailable());
    const at::Device target = cuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
    switch (precision) {
    case PrecisionChoice::Fp32:
        return ComputeContext(target, at::kFloat);
    case PrecisionChoice::Fp16:
        return ComputeContext(target, at::kHalf);
    case PrecisionChoice::Bf16:
        return ComputeContext(target, at::kBFloat16);
    case PrecisionChoice::Auto:
        break;
    }
    if (cuda) {
        JobLog::info("Precision Auto: float16 on the GPU");
        return ComputeContext(target, at::kHalf);
    }
    const bool bf16 = supports(target, at::kBFloat16);
    JobLog::info(bf16 ? "Precision Auto: bfloat16, this CPU runs its kernels"
                      : "Precision Auto: float32, this CPU's LibTorch has no bfloat16 kernels");
    return ComputeContext(target, bf16 ? at::kBFloat16 : at::kFloat);
}

namespace {

// Large blocks come from LargeBlockAllocator; glibc's heap keeps the smaller ones for reuse (up to 64 MiB of them
// free at its top) rather than returning and faulting them in again.
void keepSmallBlocksForReuse()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(LargeBlockAllocator::kLargeBlockBytes));
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

} // namespace

void ComputeContext::configureCpu()
{
    static std::once_flag once;
    std::call_once(once, [] {
        const unsigned cores = std::thread::hardware_concurrency();
        if (cores > 0)
            torch::set_num_threads(static_cast<int>(cores));
        LargeBlockAllocator::install();
        keepSmallBlocksForReuse();
    });
}

void ComputeContext::releaseFreedMemory()
{
    LargeBlockAllocator::releaseCached();
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

bool ComputeContext::supports(at::Device device, at::ScalarType dtype)
{
    if (dtype == at::kFloat || device.is_cuda())
        return true;
    // LibTorch 1.13 lacks most CPU kernels for float16: try the ones the models need on a tiny input.
    try {
        torch::NoGradGuard noGrad;
        const auto options = torch::TensorOptions().dtype(dtype).device(device);
        const at::Tensor x = torch::ones({1, 2, 3, 3}, options);
        const at::Tensor y = at::conv2d(at::group_norm(x, 1), torch::ones({2, 2, 1, 1}, options));
        at::layer_norm(at::silu(y).flatten(1), {18});
        at::matmul(x.flatten(2), x.flatten(2).transpose(1, 2));
        return true;
    } catch (const c10::Error&) {
        return false;
    }
}

std::string ComputeContext::describe() const
{
    return m_device.str() + " " + c10::toString(m_dtype);
}

std::string ComputeContext::precisionName() const
{
    if (m_dtype == at::kHalf)
        return "fp16";
    return m_dtype == at::kBFloat16 ? "bf16" : "fp32";
}

} // namespace fr2r::core
