#include "core/api/RigProgress.h"

namespace fr2r::core {

std::string toString(RigPhase phase)
{
    switch (phase) {
    case RigPhase::Loading: return "Loading";
    case RigPhase::Encoding: return "Encoding";
    case RigPhase::Inverting: return "Inverting";
    case RigPhase::Generating: return "Generating";
    case RigPhase::Decoding: return "Decoding";
    case RigPhase::Evaluating: return "Evaluating";
    case RigPhase::Training: return "Training";
    }
    return {};
}

} // namespace fr2r::core
