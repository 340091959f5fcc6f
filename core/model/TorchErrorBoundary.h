#pragma once

#include <c10/util/Exception.h>

#include <new>
#include <string>

namespace fr2r::core {

// Every job boundary (translate, sweep, load, evaluate, train) runs its work through one of these: LibTorch's
// c10::Error and std::bad_alloc become fr2r errors whose message says what failed and, for memory, what to lower.
class TorchErrorBoundary
{
public:
    // device: "CPU" or "GPU"; what: the size or job the work was at ("768x1024", "batch 8").
    TorchErrorBoundary(std::string device, std::string what, std::string remedy);

    template <typename Work>
    auto run(Work&& work) const -> decltype(work())
    {
        try {
            return work();
        } catch (const c10::Error& error) {
            rethrow(error);
        } catch (const std::bad_alloc&) {
            throwOutOfMemory();
        }
    }

private:
    [[noreturn]] void rethrow(const c10::Error& error) const;
    [[noreturn]] void throwOutOfMemory() const;

    std::string m_device;
    std::string m_what;
    std::string m_remedy;
};

} // namespace fr2r::core
