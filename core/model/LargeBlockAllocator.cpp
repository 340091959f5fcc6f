#include "core/model/LargeBlockAllocator.h"

#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <unordered_map>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace fr2r::core {
namespace {

#ifdef __linux__
constexpr size_t kHugePage = size_t{2} << 20;

size_t roundUp(size_t bytes, size_t unit)
{
    return (bytes + unit - 1) / unit * unit;
}

// The large blocks' lengths by start: LibTorch frees raw allocations through raw_deleter() with the pointer alone.
std::mutex g_mappingsMutex;
std::unordered_map<void*, size_t> g_mappings;
c10::DeleterFnPtr g_smallBlockDeleter = nullptr;

void deleteBlock(void* pointer)
{
    size_t length = 0;
    {
        std::lock_guard<std::mutex> lock(g_mappingsMutex);
        const auto found = g_mappings.find(pointer);
        if (found != g_mappings.end()) {
            length = found->second;
            g_mappings.erase(found);
        }
    }
    if (length > 0)
        munmap(pointer, length);
    else if (g_smallBlockDeleter)
        g_smallBlockDeleter(pointer);
}

// length bytes (a multiple of kHugePage) starting on a huge-page boundary: one huge page more is mapped and the
// slack before and after the boundary is given back.
void* mapAligned(size_t length)
{
    void* raw = mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return nullptr;
    const auto base = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t start = roundUp(base, kHugePage);
    if (start > base)
        munmap(raw, start - base);
    if (const size_t tail = base + kHugePage - start; tail > 0)
        munmap(reinterpret_cast<void*>(start + length), tail);
    madvise(reinterpret_cast<void*>(start), length, MADV_HUGEPAGE); // a hint: without THP, plain pages
    return reinterpret_cast<void*>(start);
}
#endif

} // namespace

LargeBlockAllocator::LargeBlockAllocator(c10::Allocator* smallBlocks)
    : m_smallBlocks(smallBlocks)
{
}

void LargeBlockAllocator::install()
{
#ifdef __linux__
    static std::once_flag once;
    std::call_once(once, [] {
        static LargeBlockAllocator allocator(c10::GetCPUAllocator());
        g_smallBlockDeleter = c10::GetCPUAllocator()->raw_deleter();
        c10::SetCPUAllocator(&allocator, /*priority=*/1); // above LibTorch's default (0)
    });
#endif
}

c10::DataPtr LargeBlockAllocator::allocate(size_t bytes) FR2R_ALLOCATE_CONST
{
#ifdef __linux__
    if (bytes >= kLargeBlockBytes) {
        const size_t length = roundUp(bytes, kHugePage);
        void* start = mapAligned(length);
        TORCH_CHECK(start, "LargeBlockAllocator: can't allocate memory: you tried to allocate ", bytes, " bytes");
        {
            std::lock_guard<std::mutex> lock(g_mappingsMutex);
            g_mappings.emplace(start, length);
        }
        return {start, start, &deleteBlock, c10::Device(c10::DeviceType::CPU)};
    }
#endif
    return m_smallBlocks->allocate(bytes);
}

c10::DeleterFnPtr LargeBlockAllocator::raw_deleter() const
{
#ifdef __linux__
    return &deleteBlock;
#else
    return m_smallBlocks->raw_deleter();
#endif
}

void LargeBlockAllocator::copy_data(void* destination, const void* source, size_t bytes) const
{
    std::memcpy(destination, source, bytes);
}

} // namespace fr2r::core
