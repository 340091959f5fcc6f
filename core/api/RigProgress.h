#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace fr2r::core {

enum class RigPhase { Loading, Encoding, Inverting, Generating, Decoding, Evaluating, Training };
std::string toString(RigPhase phase);

// Where a job stands; the ui and the CLI turn it into a bar and an ETA.
struct RigProgress
{
    RigPhase phase = RigPhase::Loading;
    int step = 0;  // 1-based within the phase
    int total = 0;
};
using ProgressCallback = std::function<void(const RigProgress&)>;

// Set from any thread; the engine checks it between UNet blocks, attention query blocks, VAE stages and tiles, and
// weight tensors while loading, and throws Cancelled.
using StopFlag = std::atomic<bool>;

} // namespace fr2r::core
