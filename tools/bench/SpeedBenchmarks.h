#pragma once

#include "bench/BenchOptions.h"

namespace fr2r::bench {

// Speed and memory of the core on SD 1.5-sized models with random weights (no file needed).
int benchmarkAttention(const BenchOptions& options); // one attention call at the UNet's and VAE's long sequence
int benchmarkUnet(const BenchOptions& options);
int benchmarkRig(const BenchOptions& options);
int benchmarkVae(const BenchOptions& options); // the VAE alone: encode and decode at --size, time and peak memory
int benchmarkSweep(const BenchOptions& options);
int benchmarkTrain(const BenchOptions& options); // one LoRA step (DkiTrainer) at --size, batch --batch

} // namespace fr2r::bench
