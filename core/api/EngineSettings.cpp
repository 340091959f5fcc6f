#include "core/api/EngineSettings.h"

#include "core/api/Error.h"

#include <algorithm>
#include <cctype>

namespace fr2r::core {
namespace {

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace

DeviceChoice parseDeviceChoice(const std::string& text)
{
    const std::string value = lowered(text);
    if (value == "auto")
        return DeviceChoice::Auto;
    if (value == "cpu")
        return DeviceChoice::Cpu;
    if (value == "cuda" || value == "gpu")
        return DeviceChoice::Cuda;
    throw InvalidArgumentError("unknown device '" + text + "': use auto, cpu or cuda");
}

PrecisionChoice parsePrecisionChoice(const std::string& text)
{
    const std::string value = lowered(text);
    if (value == "auto")
        return PrecisionChoice::Auto;
    if (value == "fp32" || value == "float32")
        return PrecisionChoice::Fp32;
    if (value == "fp16" || value == "float16")
        return PrecisionChoice::Fp16;
    if (value == "bf16" || value == "bfloat16")
        return PrecisionChoice::Bf16;
    throw InvalidArgumentError("unknown precision '" + text + "': use auto, fp32, fp16 or bf16");
}

} // namespace fr2r::core
