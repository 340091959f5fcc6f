#include "core/model/LargeBlockAllocator.h"

#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <mutex>
#include <unordered_map>

#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace fr2r::core {
namespace {

#ifdef __linux__
constexpr size_t kHugePage = size_t{2} << 20;

size_t roundUp(size_t bytes, size_t unit)
{
    return (bytes + unit - 1) / unit * unit;
}

// length bytes (whole pages) starting on a huge-page boundary: one huge page more is mapped and the slack before
// and after is given back. The length is not rounded to huge pages: for the UNet's hundreds of weight tensors of
// 2-20 MiB that wasted 0.37 GiB; their last partial huge page is made of plain pages instead.
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

// The large blocks in use (lengths by start: LibTorch frees raw allocations through raw_deleter() with the
// pointer alone) and freed ones kept for the next request of the same length: a UNet pass or a training step asks
// for the same sizes again and again, and a reused block costs no page faults (training at 256x256: 1.5 s a step
// in bf16 against 2.3 s with every block faulted in afresh). The freed blocks kept never take the blocks' memory
// above the high-water mark of the blocks in use since the last release, so they raise no peak.
class Blocks
{
public:
    void* take(size_t length) // nullptr: out of memory
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (auto cached = m_cached.rbegin(); cached != m_cached.rend(); ++cached)
            if (cached->second == length) {
                void* start = cached->first;
                m_cachedBytes -= length;
                m_cached.erase(std::next(cached).base());
                use(start, length);
                return start;
            }
        lock.unlock();
        void* start = mapAligned(length);
        lock.lock();
        if (start)
            use(start, length);
        return start;
    }

    bool give(void* start) // false: not a large block
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto found = m_inUse.find(start);
        if (found == m_inUse.end())
            return false;
        m_cached.emplace_back(start, found->second);
        m_cachedBytes += found->second;
        m_usedBytes -= found->second;
        m_inUse.erase(found);
        trimTo(m_highWater - m_usedBytes);
        return true;
    }

    void releaseCached()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        trimTo(0);
        m_highWater = m_usedBytes;
    }

private:
    void use(void* start, size_t length)
    {
        m_inUse.emplace(start, length);
        m_usedBytes += length;
        m_highWater = std::max(m_highWater, m_usedBytes);
        trimTo(m_highWater - m_usedBytes);
    }

    void trimTo(size_t bytes) // oldest first
    {
        while (m_cachedBytes > bytes) {
            munmap(m_cached.front().first, m_cached.front().second);
            m_cachedBytes -= m_cached.front().second;
            m_cached.pop_front();
        }
    }

    std::mutex m_mutex;
    std::unordered_map<void*, size_t> m_inUse;
    std::deque<std::pair<void*, size_t>> m_cached; // oldest first
    size_t m_usedBytes = 0;
    size_t m_cachedBytes = 0;
    size_t m_highWater = 0; // of m_usedBytes since the last releaseCached()
};

Blocks g_blocks;
c10::DeleterFnPtr g_smallBlockDeleter = nullptr;

void deleteBlock(void* pointer)
{
    if (!g_blocks.give(pointer) && g_smallBlockDeleter)
        g_smallBlockDeleter(pointer);
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

void LargeBlockAllocator::releaseCached()
{
#ifdef __linux__
    g_blocks.releaseCached();
#endif
}

c10::DataPtr LargeBlockAllocator::allocate(size_t bytes) FR2R_ALLOCATE_CONST
{
#ifdef __linux__
    if (bytes >= kLargeBlockBytes) {
        static const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        const size_t length = roundUp(bytes, page);
        void* start = g_blocks.take(length);
        TORCH_CHECK(start, "LargeBlockAllocator: can't allocate memory: you tried to allocate ", bytes, " bytes");
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
