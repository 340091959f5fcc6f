#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fr2r::core {

enum class DeviceChoice { Auto, Cpu, Cuda };
enum class PrecisionChoice { Auto, Fp32, Fp16, Bf16 };

struct LoraSpec
{
    std::string path;
    double multiplier = 1.0;
};

// What the engine loads: the base model, the domain pack and where to run it.
struct EngineSettings
{
    std::string modelPath;             // diffusers folder or single .safetensors
    std::string packPath;              // domain pack folder: its LoRA (multiplier 1) and negative embedding
    std::string negativeEmbeddingPath; // textual inversion file, else the pack's; none: plain empty negative prompt
    std::vector<LoraSpec> loras;
    DeviceChoice device = DeviceChoice::Auto;
    PrecisionChoice precision = PrecisionChoice::Auto;
    std::string tokenizerPath;         // folder with vocab.json + merges.txt, overrides the shipped vocabulary
    std::string shippedVocabJson;      // CLIP's vocabulary as the app ships it (for single-file checkpoints)
    std::string shippedMerges;
    // Working memory of one attention call (its scores), feed-forward or full-resolution VAE stage; larger ones run
    // in query chunks, token chunks or row bands. 256 MiB keeps the peak of a 768x1024 run within 4 GiB (bf16) and
    // 6 GiB (fp32) on the CPU (measured: README), and is meant to keep it within 4 GiB (fp16) on CUDA.
    int64_t memoryBudgetMiB = 256;
};

DeviceChoice parseDeviceChoice(const std::string& text);       // throws InvalidArgumentError
PrecisionChoice parsePrecisionChoice(const std::string& text); // throws InvalidArgumentError

} // namespace fr2r::core
