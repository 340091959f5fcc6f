#pragma once

namespace fr2r::core {

// Counters a test or benchmark reads to prove that work was shared or skipped.
struct RigStats
{
    int inversionUnetCalls = 0;
    int generationUnetCalls = 0;
    long long unetRowsEvaluated = 0; // batch rows over all UNet calls
};

} // namespace fr2r::core
