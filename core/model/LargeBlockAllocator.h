#pragma once

#include "core/TorchCompat.h"

#include <c10/core/Allocator.h>

#include <cstddef>

namespace fr2r::core {

// LibTorch's CPU allocator for this process (Linux): blocks of 2 MiB and more are mapped straight from the kernel,
// on huge-page boundaries and marked for transparent huge pages; freed, they wait for a request of their length
// as long as the blocks' memory stays within the high-water mark of those in use, and are unmapped beyond it.
// Smaller blocks come from the allocator it replaces. A UNet pass allocates and frees its large activations again
// and again: from glibc each fresh block is faulted in 4 KiB at a time (0.43 s per GiB measured here, against
// 0.09 s with huge pages), and keeping freed blocks in glibc's heap instead to skip the faults left up to a GiB of
// unused memory resident.
class LargeBlockAllocator final : public c10::Allocator
{
public:
    static void install(); // once per process, before the models are built; elsewhere than Linux nothing
    static void releaseCached(); // unmaps the freed blocks kept for reuse and starts a new high-water mark

    static constexpr size_t kLargeBlockBytes = size_t{2} << 20;

    c10::DataPtr allocate(size_t bytes) FR2R_ALLOCATE_CONST override;
    c10::DeleterFnPtr raw_deleter() const override; // frees large and small blocks alike, by pointer
    // LibTorch 2.3 and later require it (a pure virtual function there; no override in 1.13).
    void copy_data(void* destination, const void* source, size_t bytes) const;

private:
    explicit LargeBlockAllocator(c10::Allocator* smallBlocks);

    c10::Allocator* m_smallBlocks;
};

} // namespace fr2r::core
