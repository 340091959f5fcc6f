// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/diffusion/SelfTest.h"

#include "core/api/Error.h"
#include "core/diffusion/RigEngine.h"
#include "core/io/AutoencoderConfig.h"
#include "core/io/ClipTextConfig.h"
#include "core/io/SafeTensorsFile.h"
#include "core/io/UNetConfig.h"
#include "core/model/AutoencoderKL.h"
#include "core/model/ClipTextModel.h"
#include "core/model/UNet2DConditionModel.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

namespace fr2r::core {
namespace {

namespace fs = std::filesystem;

// The golden tiny model's sizes (../shared/golden/tiny/model), with one text encoder layer.
const nlohmann::json kUnet = {{"in_channels", 4},
                              {"out_channels", 4},
                              {"block_out_channels", {32, 32, 64, 64}},
                              {"down_block_types", {"CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                                    "CrossAttnDownBlock2D", "DownBlock2D"}},
                              {"up_block_types", {"UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D",
                                                  "CrossAttnUpBlock2D"}},
                              {"layers_per_block", 1},
                              {"attention_head_dim", 8},
                              {"cross_attention_dim", 32},
                              {"norm_num_groups", 32},
                              {"sample_size", 8}};
const nlohmann::json kVae = {{"in_channels", 3},
                             {"out_channels", 3},
                             {"latent_channels", 4},
                             {"block_out_channels", {32, 32, 64, 64}},
                             {"down_block_types", {"DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D",
                                                   "DownEncoderBlock2D"}},
                             {"up_block_types", {"UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D",
                                                 "UpDecoderBlock2D"}},
                             {"layers_per_block", 1},
                             {"norm_num_groups", 32},
                             {"scaling_factor", 0.18215}};
const nlohmann::json kText = {{"vocab_size", 49408},        {"hidden_size", 32},     {"intermediate_size", 37},
                              {"num_attention_heads", 4},   {"num_hidden_layers", 1}, {"max_position_embeddings", 77},
                              {"hidden_act", "quick_gelu"}, {"bos_token_id", 49406},  {"eos_token_id", 49407}};
const nlohmann::json kScheduler = {{"_class_name", "DDIMScheduler"}, {"beta_start", 0.00085},
                                   {"beta_end", 0.012},              {"beta_schedule", "scaled_linear"},
                                   {"num_train_timesteps", 1000},    {"set_alpha_to_one", false},
                                   {"steps_offset", 1},              {"clip_sample", false},
                                   {"prediction_type", "epsilon"}};

void writeJson(const fs::path& path, const nlohmann::json& json)
{
    fs::create_directories(path.parent_path());
    std::ofstream stream(path, std::ios::binary);
    stream << json.dump(2);
    if (!stream.flush())
        throw Error(path.u8string() + ": cannot be written");
}

// One component: its config.json and its parameters under the module tree's (= diffusers') names.
void writeComponent(const fs::path& dir, const nlohmann::json& config, const torch::nn::Module& module,
                    const std::string& weightsFile)
{
    writeJson(dir / "config.json", config);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& item : module.named_parameters())
        tensors.emplace_back(item.key(), item.value());
    writeSafeTensors((dir / weightsFile).u8string(), tensors);
}

} // namespace

void SelfTest::writeTinyModel(const std::string& folder)
{
    torch::NoGradGuard noGrad;
    torch::manual_seed(0); // LibTorch's default initialisation: every parameter is written before it is read
    const fs::path root = fs::u8path(folder);
    writeJson(root / "model_index.json", {{"_class_name", "StableDiffusionPipeline"}});
    writeJson(root / "scheduler" / "scheduler_config.json", kScheduler);
    writeComponent(root / "unet", kUnet, *UNet2DConditionModel(UNetConfig::fromJson(kUnet)),
                   "diffusion_pytorch_model.safetensors");
    writeComponent(root / "vae", kVae, *AutoencoderKL(AutoencoderConfig::fromJson(kVae)),
                   "diffusion_pytorch_model.safetensors");
    writeComponent(root / "text_encoder", kText, *ClipTextModel(ClipTextConfig::fromJson(kText)), "model.safetensors");
}

std::string SelfTest::run(const std::string& scratchFolder, const std::string& vocabJson, const std::string& merges)
{
    const fs::path model = fs::u8path(scratchFolder) / "tiny-model";
    fs::create_directories(model);
    writeTinyModel(model.u8string());
    EngineSettings settings;
    settings.modelPath = model.u8string();
    settings.device = DeviceChoice::Cpu;
    settings.precision = PrecisionChoice::Fp32;
    settings.shippedVocabJson = vocabJson;
    settings.shippedMerges = merges;
    RigEngine engine;
    engine.load(settings);

    RigParams params;
    params.steps = 2;
    params.strength = 0.5; // K = 1: one inversion and one generation step
    params.workingSize = 64;
    ImageBuffer input(64, 64);
    for (int y = 0; y < input.height; ++y)
        for (int x = 0; x < input.width * 3; ++x)
            input.row(y)[x] = static_cast<uint8_t>((x * 5 + y * 3) % 256);
    const ImageBuffer output = engine.translate(input, params);
    if (output.width != input.width || output.height != input.height)
        throw Error("self-test: the tiny model returned a " + std::to_string(output.width) + "x" +
                    std::to_string(output.height) + " image for a 64x64 input");
    if (engine.stats().inversionUnetCalls < 1 || engine.stats().generationUnetCalls < 1)
        throw Error("self-test: the pipeline ran no inversion or no generation step");
    return "loaded and ran a tiny model (" + engine.description() + ", 1 inversion + 1 generation step, 64x64)";
}

} // namespace fr2r::core
