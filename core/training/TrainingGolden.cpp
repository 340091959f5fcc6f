#include "core/training/TrainingGolden.h"

#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/SafeTensorsFile.h"
#include "core/training/EmbeddingRows.h"
#include "core/training/LoraLayers.h"
#include "core/training/NoisePredictionObjective.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <limits>

namespace fr2r::core {
namespace {

constexpr double kLossRelativeTolerance = 1e-4;
constexpr double kGradientFactor = 1e-3;
constexpr double kGradientFloor = 1e-7;
constexpr double kContextFactor = 1e-4; // the text encoder's own golden tolerance

// absoluteFloor + factor * max |reference| (the loss: factor * |reference|).
GoldenCheck compare(const std::string& name, const at::Tensor& actual, const at::Tensor& reference, double factor,
                    double absoluteFloor)
{
    const auto r = reference.to(torch::kCPU, torch::kDouble);
    GoldenCheck check{name, std::numeric_limits<double>::infinity(), absoluteFloor + factor * r.abs().max().item<double>()};
    if (!actual.defined()) // no gradient reached it
        return check;
    const auto a = actual.detach().to(torch::kCPU, torch::kDouble);
    if (a.sizes() == r.sizes())
        check.maxAbsError = a.isnan().any().item<bool>() ? std::nan("") : (a - r).abs().max().item<double>();
    return check;
}

std::string namePrefix(bool gradientCheckpointing)
{
    return gradientCheckpointing ? "training (gradient checkpointing): " : "training: ";
}

std::string inFolder(const std::string& folder, const std::string& name)
{
    return (std::filesystem::u8path(folder) / name).u8string();
}

std::unique_ptr<StableDiffusionModel> loadModel(const std::string& folder, const ComputeContext& context,
                                                const std::string& lora, bool gradientCheckpointing)
{
    EngineSettings settings;
    settings.modelPath = inFolder(folder, "model");
    settings.tokenizerPath = inFolder(folder, "model/tokenizer");
    if (!lora.empty())
        settings.loras.push_back({inFolder(folder, lora), 1.0});
    auto model = StableDiffusionModel::load(settings, context);
    model->unet()->setGradientCheckpointing(gradientCheckpointing);
    return model;
}

// stage.loss from the stage's pixels, vae_eps, noise and timesteps with the given context; gradients follow.
at::Tensor stageLoss(const NoisePredictionObjective& objective, const SafeTensorsFile& reference,
                     const std::string& stage, const at::Tensor& context, const ComputeContext& compute)
{
    const auto load = [&](const std::string& key) {
        return reference.load(stage + "." + key).to(compute.device(), compute.dtype());
    };
    const at::Tensor latents = objective.latents(load("pixels"), load("vae_eps"));
    return objective.loss(latents, load("noise"), reference.load(stage + ".timesteps"), context);
}

void checkLoraStage(const std::string& folder, const ComputeContext& compute, const SafeTensorsFile& reference,
                    bool gradientCheckpointing, std::vector<GoldenCheck>& checks)
{
    const std::string prefix = namePrefix(gradientCheckpointing);
    auto model = loadModel(folder, compute, "", gradientCheckpointing);
    NoisePredictionObjective objective(*model);
    LoraLayers lora(*model->unet(), LoraOptions{}, at::make_generator<at::CPUGeneratorImpl>(0));
    lora.assign(reference, "lora.init.");
    at::Tensor context;
    {
        torch::NoGradGuard frozenText;
        context = model->textEncoder()->forward(reference.load("lora.input_ids").to(compute.device())).lastHiddenState;
    }
    torch::AutoGradMode gradients(true);
    lora.apply();
    const at::Tensor loss = stageLoss(objective, reference, "lora", context, compute);
    loss.backward();
    lora.restore();
    const at::Tensor expectedLoss = reference.load("lora.loss");
    checks.push_back(compare(prefix + "lora.loss", loss.reshape({1}), expectedLoss, kLossRelativeTolerance, 0.0));
    const auto matrices = lora.parameters(); // in namedMatrices()' order
    const auto names = lora.namedMatrices();
    for (size_t i = 0; i < matrices.size(); ++i)
        checks.push_back(compare(prefix + "lora.grad." + names[i].first, matrices[i].grad(),
                                 reference.load("lora.grad." + names[i].first), kGradientFactor, kGradientFloor));
}

void checkEmbeddingStage(const std::string& folder, const ComputeContext& compute, const SafeTensorsFile& reference,
                         bool gradientCheckpointing, std::vector<GoldenCheck>& checks)
{
    const std::string prefix = namePrefix(gradientCheckpointing);
    auto model = loadModel(folder, compute, "lora_peft.safetensors", gradientCheckpointing);
    NoisePredictionObjective objective(*model);
    EmbeddingRows rows(model->textEncoder(), reference.load("ti.init_rows"));
    torch::AutoGradMode gradients(true);
    rows.apply();
    const at::Tensor context =
        model->textEncoder()->forward(reference.load("ti.input_ids").to(compute.device())).lastHiddenState;
    const at::Tensor loss = stageLoss(objective, reference, "ti", context, compute);
    loss.backward();
    rows.restore();
    const at::Tensor expectedContext = reference.load("ti.context");
    checks.push_back(compare(prefix + "ti.context", context, expectedContext, kContextFactor,
                             kContextFactor * std::max(0.0, 1.0 - expectedContext.abs().max().item<double>())));
    checks.push_back(
        compare(prefix + "ti.loss", loss.reshape({1}), reference.load("ti.loss"), kLossRelativeTolerance, 0.0));
    checks.push_back(compare(prefix + "ti.grad_rows", rows.rows().grad(), reference.load("ti.grad_rows"),
                             kGradientFactor, kGradientFloor));
}

} // namespace

std::vector<GoldenCheck> checkTrainingGolden(const std::string& folder, const ComputeContext& context,
                                             bool gradientCheckpointing)
{
    const SafeTensorsFile reference(inFolder(folder, "training_reference.safetensors"));
    std::vector<GoldenCheck> checks;
    checkLoraStage(folder, context, reference, gradientCheckpointing, checks);
    checkEmbeddingStage(folder, context, reference, gradientCheckpointing, checks);
    return checks;
}

} // namespace fr2r::core
