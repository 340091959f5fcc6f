// LibTorch's CPU allocator as ComputeContext installs it: large blocks on huge-page boundaries, reused for the next
// request of their length or given back to the system when freed, small ones and raw allocations as before.
#include "core/model/LargeBlockAllocator.h"

#include <QtTest>

#include <c10/core/CPUAllocator.h>

#include <torch/torch.h>

#include <cstdint>
#include <fstream>

using fr2r::core::LargeBlockAllocator;

namespace {

int64_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    int64_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * 4096;
}

} // namespace

class TestLargeBlockAllocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largeTensorsStartOnHugePages();
    void freedLargeBlocksLeaveTheProcess();
    void rawAllocationsOfBothSizes();
    void freedBlocksServeTheNextRequestOfTheirLength();
};

void TestLargeBlockAllocator::initTestCase()
{
#ifndef __linux__
    QSKIP("the allocator is installed on Linux only");
#endif
    LargeBlockAllocator::install();
    LargeBlockAllocator::install(); // once: a second call changes nothing
}

void TestLargeBlockAllocator::largeTensorsStartOnHugePages()
{
    const at::Tensor large = torch::arange(5 << 20, torch::kFloat); // 20 MiB
    QCOMPARE(reinterpret_cast<uintptr_t>(large.data_ptr()) % (uintptr_t{2} << 20), uintptr_t{0});
    QCOMPARE(large[(5 << 20) - 1].item<float>(), float((5 << 20) - 1));
    const at::Tensor small = torch::ones({100});
    QCOMPARE(small.sum().item<float>(), 100.0f);
}

void TestLargeBlockAllocator::freedLargeBlocksLeaveTheProcess()
{
    const int64_t before = residentBytes();
    {
        const at::Tensor block = torch::ones({64 << 20}, torch::kFloat); // 256 MiB, touched
        QVERIFY(residentBytes() - before > (200 << 20));
    }
    // Kept for reuse (within the high-water mark of the blocks in use) until released.
    LargeBlockAllocator::releaseCached();
    QVERIFY2(residentBytes() - before < (32 << 20), "a released large block stays resident");
}

void TestLargeBlockAllocator::rawAllocationsOfBothSizes()
{
    c10::Allocator* allocator = c10::GetCPUAllocator();
    for (const size_t bytes : {size_t{1000}, size_t{3} << 20}) {
        void* block = allocator->raw_allocate(bytes);
        QVERIFY(block);
        static_cast<char*>(block)[bytes - 1] = 1;
        allocator->raw_deallocate(block);
    }
}

void TestLargeBlockAllocator::freedBlocksServeTheNextRequestOfTheirLength()
{
    LargeBlockAllocator::releaseCached(); // a new high-water mark: the blocks in use now
    at::Tensor first = torch::ones({2 << 20}, torch::kFloat); // 8 MiB
    const at::Tensor second = torch::ones({2 << 20}, torch::kFloat);
    void* freed = first.data_ptr();
    first.reset(); // kept: in use and kept stay within the high-water mark
    const at::Tensor again = torch::zeros({2 << 20}, torch::kFloat);
    QCOMPARE(again.data_ptr(), freed);
    QCOMPARE(again.sum().item<float>(), 0.0f);
    const at::Tensor other = torch::ones({3 << 20}, torch::kFloat); // another length: a fresh block
    QVERIFY(other.data_ptr() != freed && other.data_ptr() != second.data_ptr());
}

QTEST_GUILESS_MAIN(TestLargeBlockAllocator)
#include "TestLargeBlockAllocator.moc"
