#pragma once

#include <functional>

namespace fr2r::core {

// Called between the stages of a long computation (UNet blocks, VAE stages and tiles, weight tensors while
// loading); it throws fr2r::Cancelled to stop the work there. Empty: the work never stops early.
using StopCheck = std::function<void()>;

inline void checkStop(const StopCheck& check)
{
    if (check)
        check();
}

} // namespace fr2r::core
