#include "bench/GoldenChecker.h"

#include "bench/PipelineCases.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/SafeTensorsFile.h"
#include "core/training/TrainingGolden.h"
#include "metrics/MetricsGolden.h"

#ifdef FR2R_BENCH_WITH_SSIM
#include "imaging/Ssim.h"
#endif

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

namespace fr2r::bench {
namespace {

constexpr double kComponentTolerance = 1e-4;
constexpr double kPipelineTolerance = 2e-3;
constexpr double kHalfPrecisionTolerance = 5e-2;

at::Tensor timestepsTensor(const std::vector<int64_t>& timesteps)
{
    return torch::tensor(timesteps, torch::kLong);
}

} // namespace

GoldenChecker::GoldenChecker(std::string folder, core::ComputeContext context)
    : m_folder(std::move(folder))
    , m_context(context)
{
}

double GoldenChecker::componentFactor() const
{
    return m_context.dtype() == at::kFloat ? kComponentTolerance : kHalfPrecisionTolerance;
}

double GoldenChecker::pipelineFactor() const
{
    return m_context.dtype() == at::kFloat ? kPipelineTolerance : kHalfPrecisionTolerance;
}

std::string GoldenChecker::file(const std::string& name) const
{
    return (std::filesystem::u8path(m_folder) / name).u8string();
}

bool GoldenChecker::has(const std::string& name) const
{
    return std::filesystem::exists(std::filesystem::u8path(file(name)));
}

GoldenReport GoldenChecker::run() const
{
    GoldenReport report;
    if (has("reference.safetensors")) {
        checkTokenizerAndScheduler(report);
        for (const char* layout : {"model", "single_file.safetensors"})
            if (has(layout))
                checkComponents(layout, report);
    }
    if (has("pipeline_reference.safetensors") && has("pipeline_cases.json"))
        checkPipeline(report);
    if (has("lora_reference.safetensors"))
        checkLora(report);
    // One step of each DKI stage, with the README's own tolerances (gradients are not in the model's dtype's),
    // without and with gradient checkpointing.
    if (has("training_reference.safetensors") && m_context.dtype() == at::kFloat)
        for (const bool checkpointing : {false, true})
            for (const auto& check : core::checkTrainingGolden(m_folder, m_context, checkpointing))
                report.add(check);
    if (has("metrics_reference.safetensors")) {
        for (const auto& check : metrics::checkMetricsGolden(m_folder))
            report.add(check);
        checkSsim(report);
    }
    return report;
}

// SSIM lives in the OpenCV imaging layer: checked where the bench is built with it (not on the GPU machine).
void GoldenChecker::checkSsim(GoldenReport& report) const
{
#ifdef FR2R_BENCH_WITH_SSIM
    core::SafeTensorsFile reference(file("metrics_reference.safetensors"));
    auto toImage = [](const at::Tensor& pixels) { // [H, W, 3] uint8
        ImageBuffer image(static_cast<int>(pixels.size(1)), static_cast<int>(pixels.size(0)));
        std::memcpy(image.pixels.data(), pixels.contiguous().data_ptr<uint8_t>(), image.pixels.size());
        return image;
    };
    const ImageBuffer a = toImage(reference.load("ssim.image_a"));
    const ImageBuffer b = toImage(reference.load("ssim.image_b"));
    const auto result = imaging::ssim(a, b);
    constexpr double kSsimTolerance = 1e-9;
    report.compare("ssim.value", torch::tensor(result.value, torch::kDouble), reference.load("ssim.value"), kSsimTolerance);
    report.compare("ssim.per_channel", torch::tensor({result.perChannel[0], result.perChannel[1], result.perChannel[2]}, torch::kDouble),
                   reference.load("ssim.per_channel"), kSsimTolerance);
    report.compare("ssim.self", torch::tensor(imaging::ssim(a, a).value, torch::kDouble), reference.load("ssim.self"), kSsimTolerance);
#else
    (void)report;
#endif
}

void GoldenChecker::checkTokenizerAndScheduler(GoldenReport& report) const
{
    core::SafeTensorsFile reference(file("reference.safetensors"));
    if (has("prompts.json") && has("model/tokenizer")) {
        std::ifstream stream(std::filesystem::u8path(file("prompts.json")));
        const auto prompts = nlohmann::json::parse(stream).get<std::vector<std::string>>();
        const auto tokenizer = core::ClipTokenizer::fromFolder(file("model/tokenizer"));
        std::vector<at::Tensor> rows;
        for (const auto& prompt : prompts)
            rows.push_back(torch::tensor(tokenizer.encode(prompt), torch::kLong));
        report.compareExact("tokenizer.input_ids", torch::stack(rows), reference.load("tokenizer.input_ids"));
    }
    const core::DdimScheduler scheduler;
    report.compare("ddim.alphas_cumprod", scheduler.alphasCumprod(), reference.load("ddim.alphas_cumprod"), kComponentTolerance);
    for (int steps : {50, 20, 7}) {
        const std::string key = "ddim.timesteps_" + std::to_string(steps);
        if (reference.contains(key))
            report.compareExact(key, timestepsTensor(scheduler.timesteps(steps)), reference.load(key));
    }
    const at::Tensor eps = reference.load("ddim.step.eps");
    const at::Tensor sample = reference.load("ddim.step.sample");
    report.compare("ddim.step.prev", scheduler.step(eps, reference.load("ddim.step.t").item<int64_t>(), sample, 20),
                   reference.load("ddim.step.prev"), kComponentTolerance);
    report.compare("ddim_inverse.step.next",
                   scheduler.inverseStep(eps, reference.load("ddim_inverse.step.t").item<int64_t>(), sample, 20),
                   reference.load("ddim_inverse.step.next"), kComponentTolerance);
}

void GoldenChecker::checkComponents(const std::string& layout, GoldenReport& report) const
{
    torch::InferenceMode inference;
    core::EngineSettings settings;
    settings.modelPath = file(layout);
    settings.tokenizerPath = has("model/tokenizer") ? file("model/tokenizer") : std::string();
    auto model = core::StableDiffusionModel::load(settings, m_context);
    core::SafeTensorsFile reference(file("reference.safetensors"));
    const auto device = m_context.device();
    const std::string prefix = layout + ": ";
    const auto text = model->textEncoder()->forward(reference.load("text.input_ids").to(device));
    report.compare(prefix + "text.last_hidden_state", text.lastHiddenState, reference.load("text.last_hidden_state"), componentFactor());
    report.compare(prefix + "text.penultimate_hidden_state", text.penultimateHiddenState,
                   reference.load("text.penultimate_hidden_state"), componentFactor());
    checkUNetAndVae(*model, reference, "", prefix, report);
    if (has("odd_size_reference.safetensors"))
        checkUNetAndVae(*model, core::SafeTensorsFile(file("odd_size_reference.safetensors")), "odd.", prefix, report);
}

// The UNet cases ("<keyPrefix>unet.t<T>.sample/.context/.out") and the VAE round trip ("<keyPrefix>vae.*") of one
// reference file: the main sizes and the sizes the UNet's downsampling does not divide run through the same code.
void GoldenChecker::checkUNetAndVae(core::StableDiffusionModel& model, const core::SafeTensorsFile& reference,
                                    const std::string& keyPrefix, const std::string& reportPrefix,
                                    GoldenReport& report) const
{
    const auto device = m_context.device();
    const auto load = [&](const std::string& key) { return reference.load(keyPrefix + key).to(device, m_context.dtype()); };
    const std::regex unetKey(R"(unet\.t(\d+)\.sample)");
    for (const auto& info : reference.tensors()) {
        const std::string name = info.name.rfind(keyPrefix, 0) == 0 ? info.name.substr(keyPrefix.size()) : "";
        std::smatch match;
        if (!std::regex_match(name, match, unetKey))
            continue;
        const std::string base = "unet.t" + match[1].str();
        const auto t = torch::full({}, static_cast<int64_t>(std::stoll(match[1].str())), torch::TensorOptions().dtype(torch::kLong).device(device));
        const auto out = model.unet()->forward(load(base + ".sample"), t, load(base + ".context"));
        report.compare(reportPrefix + keyPrefix + base + ".out", out, reference.load(keyPrefix + base + ".out"), componentFactor());
    }
    const auto latent = model.vae()->encode(load("vae.image"));
    for (const auto& [name, actual] : {std::pair{"vae.latent_mean", latent.mean}, {"vae.latent_logvar", latent.logvar},
                                       {"vae.decoded", model.vae()->decode(load("vae.latent_mean"))}})
        report.compare(reportPrefix + keyPrefix + name, actual, reference.load(keyPrefix + name), componentFactor());
}

void GoldenChecker::checkPipeline(GoldenReport& report) const
{
    core::EngineSettings settings;
    settings.modelPath = file("model");
    settings.tokenizerPath = file("model/tokenizer");
    settings.negativeEmbeddingPath = has("negative_embedding.safetensors") ? file("negative_embedding.safetensors") : "";
    auto model = core::StableDiffusionModel::load(settings, m_context);
    core::SafeTensorsFile reference(file("pipeline_reference.safetensors"));
    report.compare("negative.context", model->encodePrompt(model->negativePrompt()), reference.load("negative.context"),
                   componentFactor());
    const at::Tensor input = reference.load("input.image");
    for (const auto& golden : readPipelineCases(file("pipeline_cases.json"))) {
        core::RigPipeline pipeline(*model);
        const auto result = pipeline.run(input, golden.name, golden.params, core::RunControl{});
        for (const auto& [name, actual] : {std::pair{"z0", result.z0}, {"inverted", result.inverted},
                                           {"final_latent", result.finalLatent}, {"image", result.image}}) {
            const std::string key = golden.name + "." + name;
            report.compare(key, actual, reference.load(key), pipelineFactor());
        }
    }
}

void GoldenChecker::checkLora(GoldenReport& report) const
{
    torch::InferenceMode inference;
    core::SafeTensorsFile expected(file("lora_reference.safetensors"));
    core::SafeTensorsFile inputs(file("reference.safetensors"));
    const std::regex key(R"(lora_(peft|kohya)(_x([0-9.]+))?\.unet\.t(\d+)\.out)");
    for (const auto& info : expected.tensors()) {
        std::smatch match;
        if (!std::regex_match(info.name, match, key))
            continue;
        core::EngineSettings settings;
        settings.modelPath = file("model");
        settings.tokenizerPath = file("model/tokenizer");
        settings.loras.push_back({file("lora_" + match[1].str() + ".safetensors"), match[3].matched ? std::stod(match[3].str()) : 1.0});
        auto model = core::StableDiffusionModel::load(settings, m_context);
        const std::string base = "unet.t" + match[4].str();
        const auto device = m_context.device();
        const auto t = torch::full({}, static_cast<int64_t>(std::stoll(match[4].str())), torch::TensorOptions().dtype(torch::kLong).device(device));
        const auto out = model->unet()->forward(inputs.load(base + ".sample").to(device, m_context.dtype()), t,
                                                inputs.load(base + ".context").to(device, m_context.dtype()));
        report.compare(info.name, out, expected.load(info), componentFactor());
    }
}

} // namespace fr2r::bench
