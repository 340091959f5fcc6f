#include "bench/SpeedBenchmarks.h"

#include "core/training/ResourceUsage.h"
#include "core/api/BranchPlan.h"
#include "core/api/Error.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/model/AutoencoderKL.h"
#include "core/io/ImageTensor.h"
#include "core/model/Attention.h"
#include "core/model/MemoryPlanLines.h"
#include "core/model/RowBandPlan.h"
#include "core/training/DkiTrainer.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>

#include <unistd.h>

namespace fr2r::bench {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void synchronize(const core::ComputeContext& context)
{
    if (context.device().is_cuda())
        torch::cuda::synchronize();
}

struct Timing
{
    double min = 0;
    double median = 0;
};

// One warm-up call, then `repeats` timed calls.
Timing timeIt(const core::ComputeContext& context, int repeats, const std::function<void()>& work)
{
    work();
    synchronize(context);
    std::vector<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        work();
        synchronize(context);
        seconds.push_back(secondsSince(start));
    }
    std::sort(seconds.begin(), seconds.end());
    return Timing{seconds.front(), seconds[seconds.size() / 2]};
}

std::unique_ptr<core::StableDiffusionModel> randomSd15(const BenchOptions& options)
{
    core::ComputeContext::configureCpu();
    torch::manual_seed(0);
    auto model = core::StableDiffusionModel::withRandomWeights(
        core::UNetConfig::sd15(), core::AutoencoderConfig::sd15(), core::ClipTextConfig::sd15(),
        core::ClipTokenizer::fromFolder(options.tokenizerDir), options.context);
    model->setMemoryBudget(options.budgetMiB << 20);
    return model;
}

// A smooth synthetic "render" in [-1, 1].
at::Tensor syntheticImage(const BenchOptions& options)
{
    auto y = torch::linspace(-1, 1, options.height).view({1, 1, options.height, 1});
    auto x = torch::linspace(-1, 1, options.width).view({1, 1, 1, options.width});
    return torch::cat({(x * y).expand({1, 1, options.height, options.width}),
                       (0.6 * torch::sin(3 * x) * y).expand({1, 1, options.height, options.width}),
                       (0.4 * x - 0.3 * y).expand({1, 1, options.height, options.width})}, 1);
}

// One profiled pass written as a Chrome trace next to `traceFile` (empty: none): "trace.json" -> "trace.unet.json".
void traceOnce(const std::string& traceFile, const std::string& part, const std::function<void()>& pass)
{
    if (traceFile.empty())
        return;
    std::filesystem::path path = std::filesystem::u8path(traceFile);
    path.replace_extension("." + part + path.extension().u8string());
    {
        torch::autograd::profiler::RecordProfile profile(path.u8string());
        pass();
    }
    std::printf("%s profile written to %s\n", part.c_str(), path.u8string().c_str());
}

void printHeader(const char* what, const BenchOptions& options)
{
    std::printf("%s: %s, %dx%d, %d threads\n", what, options.context.describe().c_str(), options.width, options.height,
                torch::get_num_threads());
}

// The attention layers' last decisions and the layers that split their work, each distinct one once (the engine's
// log will carry the same lines).
void printMemoryPlans(core::StableDiffusionModel& model)
{
    const core::MemoryPlanLines lines = core::MemoryPlanLines::of(*model.unet(), *model.vae());
    for (const auto* group : {&lines.attention, &lines.splits})
        for (const std::string& line : *group)
            std::printf("  %s\n", line.c_str());
}

// GFLOP/s of a 2048^3 matrix product in the compute type: the machine's best kernel rate to compare against.
double gemmRate(const BenchOptions& options, const torch::TensorOptions& tensorOptions)
{
    const at::Tensor a = torch::randn({2048, 2048}, tensorOptions);
    const Timing timing = timeIt(options.context, options.repeats, [&] { at::mm(a, a); });
    return 2.0 * 2048 * 2048 * 2048 / timing.min / 1e9;
}

// One attention call over the tokens of --size's latent; its FLOPs are those of its two GEMMs, 4 B L S C.
void timeAttention(const BenchOptions& options, const char* what, int64_t batch, int64_t heads, int64_t channels,
                   double rate)
{
    const auto tensorOptions = torch::TensorOptions().device(options.context.device()).dtype(options.context.dtype());
    const int64_t tokens = static_cast<int64_t>(options.height / 8) * (options.width / 8);
    const at::Tensor q = torch::randn({batch, tokens, channels}, tensorOptions);
    const at::Tensor k = torch::randn({batch, tokens, channels}, tensorOptions);
    const at::Tensor v = torch::randn({batch, tokens, channels}, tensorOptions);
    core::AttentionLimits limits;
    limits.budgetBytes = options.budgetMiB << 20;
    core::AttentionPlan plan;
    const Timing timing = timeIt(options.context, options.repeats, [&] {
        core::AttentionImpl::multiHeadAttention(q, k, v, heads, {}, limits, {}, &plan);
    });
    const double gflop = 4.0 * batch * tokens * tokens * channels / 1e9;
    std::printf("%s: %s\n  %.1f GFLOP: min %.3f s, median %.3f s = %.1f GFLOP/s, %.0f%% of the GEMM rate\n", what,
                plan.describe().c_str(), gflop, timing.min, timing.median, gflop / timing.min,
                100.0 * gflop / timing.min / rate);
}

} // namespace

int benchmarkAttention(const BenchOptions& options)
{
    core::ComputeContext::configureCpu();
    printHeader("attention", options);
    torch::InferenceMode inference;
    const double rate =
        gemmRate(options, torch::TensorOptions().device(options.context.device()).dtype(options.context.dtype()));
    std::printf("GEMM 2048^3: %.1f GFLOP/s\n", rate);
    const auto unet = core::UNetConfig::sd15();
    timeAttention(options, "UNet level-0 self-attention", options.batch, unet.attentionHeadDim.front(),
                  unet.blockOutChannels.front(), rate);
    timeAttention(options, "VAE mid-block attention", 1, 1, core::AutoencoderConfig::sd15().blockOutChannels.back(),
                  rate);
    return 0;
}

int benchmarkUnet(const BenchOptions& options)
{
    auto model = randomSd15(options);
    core::ResourceUsage usage(options.context.device());
    printHeader("unet", options);
    torch::InferenceMode inference;
    const auto tensorOptions = torch::TensorOptions().device(options.context.device()).dtype(options.context.dtype());
    const auto latent = torch::randn({options.batch, 4, options.height / 8, options.width / 8}, tensorOptions);
    const auto context = torch::randn({options.batch, 77, 768}, tensorOptions);
    const auto t = torch::full({}, 500, torch::TensorOptions().dtype(torch::kLong).device(options.context.device()));
    usage.resetPeak();
    const Timing unet = timeIt(options.context, options.repeats, [&] { model->unet()->forward(latent, t, context); });
    std::printf("UNet batch %d: min %.3f s, median %.3f s, %s\n", options.batch, unet.min, unet.median,
                usage.describePeak().c_str());
    printMemoryPlans(*model);
    traceOnce(options.traceFile, "unet", [&] { model->unet()->forward(latent, t, context); });
    const auto image = syntheticImage(options).to(options.context.device(), options.context.dtype());
    const Timing encode = timeIt(options.context, options.repeats, [&] { model->vae()->encode(image); });
    const auto z = torch::randn({1, 4, options.height / 8, options.width / 8}, tensorOptions);
    const Timing decode = timeIt(options.context, options.repeats, [&] { model->vae()->decode(z); });
    std::printf("VAE encode: min %.3f s, median %.3f s; decode: min %.3f s, median %.3f s; %s\n", encode.min,
                encode.median, decode.min, decode.median, usage.describePeak().c_str());
    traceOnce(options.traceFile, "vae", [&] { model->vae()->decode(model->vae()->encode(image).mean); });
    return 0;
}

int benchmarkRig(const BenchOptions& options)
{
    auto model = randomSd15(options);
    core::ResourceUsage usage(options.context.device());
    printHeader("rig", options);
    core::RigParams params;
    params.steps = options.steps;
    params.strength = options.strength;
    params.gamma = options.gamma;
    const auto image = syntheticImage(options);
    std::map<core::RigPhase, std::vector<double>> phaseSeconds;
    std::map<core::RigPhase, int64_t> phasePeaks; // resident high-water mark of each phase, over all runs
    std::vector<double> totals;
    const int64_t weightsBytes = usage.currentBytes();
    int64_t overallPeak = 0;
    auto closePhase = [&](core::RigPhase ended) {
        phasePeaks[ended] = std::max(phasePeaks[ended], usage.peakBytes());
        overallPeak = std::max(overallPeak, usage.peakBytes());
        usage.resetPeak();
    };
    usage.resetPeak();
    for (int run = 0; run <= options.repeats; ++run) { // run 0 warms up (and is the one measured with --repeats 0)
        core::RigPipeline pipeline(*model);            // fresh caches: the full work every run
        std::map<core::RigPhase, double> spent;
        auto phase = core::RigPhase::Loading;
        auto mark = Clock::now();
        core::RunControl control{[&](const core::RigProgress& progress) {
            synchronize(options.context);
            spent[phase] += secondsSince(mark);
            if (progress.phase != phase)
                closePhase(phase);
            phase = progress.phase;
            mark = Clock::now();
        }};
        const auto start = Clock::now();
        pipeline.run(image, "bench", params, control);
        synchronize(options.context);
        spent[phase] += secondsSince(mark);
        closePhase(phase);
        if (run == 0 && options.repeats > 0)
            continue;
        totals.push_back(secondsSince(start));
        for (const auto& [name, seconds] : spent)
            phaseSeconds[name].push_back(seconds);
    }
    auto median = [](std::vector<double> values) { std::sort(values.begin(), values.end()); return values[values.size() / 2]; };
    std::printf("N %d, strength %.2f (K %d), gamma %.2f (%d controlled steps)\n", params.steps, params.strength,
                params.effectiveSteps(), params.gamma, params.controlledSteps());
    const auto gib = [](int64_t bytes) { return static_cast<double>(bytes) / (1 << 30); };
    std::printf("median %.3f s per image: encode %.3f, inversion %.3f, generation %.3f, decode %.3f; %.2f GiB peak\n",
                median(totals), median(phaseSeconds[core::RigPhase::Encoding]),
                median(phaseSeconds[core::RigPhase::Inverting]), median(phaseSeconds[core::RigPhase::Generating]),
                median(phaseSeconds[core::RigPhase::Decoding]), gib(overallPeak));
    std::printf("memory: weights %.2f GiB resident before the run; phase peaks: encode (and text encoder) %.2f, "
                "inversion %.2f, generation %.2f, decode %.2f GiB\n",
                gib(weightsBytes), gib(phasePeaks[core::RigPhase::Encoding]),
                gib(phasePeaks[core::RigPhase::Inverting]), gib(phasePeaks[core::RigPhase::Generating]),
                gib(phasePeaks[core::RigPhase::Decoding]));
    printMemoryPlans(*model);
    traceOnce(options.traceFile, "rig", [&] { core::RigPipeline(*model).run(image, "bench", params, {}); });
    return 0;
}

int benchmarkVae(const BenchOptions& options)
{
    core::ComputeContext::configureCpu();
    torch::manual_seed(0);
    core::AutoencoderKL vae(core::AutoencoderConfig::sd15());
    vae->to(options.context.device(), core::autoencoderDtype(vae->config(), options.context.dtype()));
    for (at::Tensor& parameter : vae->parameters()) // as StableDiffusionModel prepares it on the CPU
        if (parameter.dim() == 4 && options.context.device().is_cpu())
            parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
    core::setAttentionMemoryBudget(*vae, options.budgetMiB << 20);
    core::setRowBandBudget(*vae, options.budgetMiB << 20);
    core::ComputeContext::releaseFreedMemory();
    printHeader("vae", options);
    core::ResourceUsage usage(options.context.device());
    torch::InferenceMode inference;
    const auto image = syntheticImage(options).to(options.context.device());
    const int64_t weights = usage.currentBytes();
    const auto gib = [](int64_t bytes) { return static_cast<double>(bytes) / (1 << 30); };
    usage.resetPeak();
    auto start = Clock::now();
    const at::Tensor mean = vae->encode(image).mean;
    std::printf("encode %.3f s, %.2f GiB peak resident above the weights (%.2f GiB in all)\n", secondsSince(start),
                gib(usage.peakBytes() - weights), gib(usage.peakBytes()));
    usage.resetPeak();
    start = Clock::now();
    vae->decode(mean);
    std::printf("decode %.3f s, %.2f GiB peak resident above the weights (%.2f GiB in all)\n", secondsSince(start),
                gib(usage.peakBytes() - weights), gib(usage.peakBytes()));
    for (const core::RowBandPlan& plan : core::rowBandPlans(*vae))
        std::printf("  %s\n", plan.describe().c_str());
    return 0;
}

int benchmarkSweep(const BenchOptions& options)
{
    auto model = randomSd15(options);
    printHeader("sweep", options);
    core::RigParams params;
    params.steps = options.steps;
    const auto image = syntheticImage(options);
    std::vector<double> strengths = options.strengths;
    std::sort(strengths.begin(), strengths.end(), std::greater<>());

    long long plannedRows = 0;
    long long naiveRows = 0;
    core::RigStats stats;
    const auto sweepStart = Clock::now();
    core::RigPipeline shared(*model);
    for (double strength : strengths) {
        params.strength = strength;
        std::vector<int> controlled;
        for (double gamma : options.gammas) {
            core::RigParams cell = params;
            cell.gamma = gamma;
            controlled.push_back(cell.controlledSteps());
        }
        for (const auto& latent : shared.sweepStrength(image, "bench", params, options.gammas, core::RunControl{{}, nullptr, &stats}))
            shared.decode(latent, core::RunControl{});
        const int inversionRows = strength == strengths.front() ? params.effectiveSteps() : 0; // prefixes reused
        plannedRows += inversionRows + core::BranchPlan::plannedRows(params.effectiveSteps(), controlled);
        naiveRows += params.effectiveSteps() * static_cast<long long>(options.gammas.size()) +
                     core::BranchPlan::naiveRows(params.effectiveSteps(), options.gammas.size());
    }
    synchronize(options.context);
    const double sweepSeconds = secondsSince(sweepStart);

    const auto separateStart = Clock::now();
    for (double strength : strengths) {
        for (double gamma : options.gammas) {
            params.strength = strength;
            params.gamma = gamma;
            core::RigPipeline separate(*model);
            separate.run(image, "bench", params, core::RunControl{});
        }
    }
    synchronize(options.context);
    const double separateSeconds = secondsSince(separateStart);
    std::printf("sweep %zu x %zu: %.2f s, %lld UNet rows (plan %lld, inversion included); %zu separate runs: %.2f s, "
                "%lld rows; sweep / separate = %.2f\n",
                strengths.size(), options.gammas.size(), sweepSeconds, stats.unetRowsEvaluated, plannedRows,
                strengths.size() * options.gammas.size(), separateSeconds, naiveRows, sweepSeconds / separateSeconds);
    return 0;
}

int benchmarkTrain(const BenchOptions& options)
{
    if (options.width != options.height)
        throw InvalidArgumentError("train: the training resolution is square, give --size PX");
    auto model = randomSd15(options);
    core::ResourceUsage usage(options.context.device());
    printHeader("train", options);
    core::TrainingSettings settings; // diffusers' LoRA defaults: rank 4, AdamW at 1e-4
    settings.steps = options.repeats + 2; // a warm-up, the timed steps, and the last one that writes a checkpoint
    settings.batchSize = options.batch;
    settings.resolution = options.width;
    settings.checkpointEvery = settings.steps;
    settings.gradientCheckpointing = options.gradientCheckpointing;
    settings.cacheLatents = false; // the step encodes, as PyTorch eager's does
    const ImageBuffer image = core::tensorToImage((syntheticImage(options) + 1.0) / 2.0);
    const auto folder = std::filesystem::temp_directory_path() / ("fr2r-bench-train-" + std::to_string(::getpid()));
    std::vector<double> seconds;
    usage.resetPeak();
    {
        core::DkiTrainer trainer(*model, settings, {{image, ""}}, folder.u8string());
        auto mark = Clock::now();
        trainer.run([&](const core::TrainingProgress&) {
            synchronize(options.context);
            seconds.push_back(secondsSince(mark));
            mark = Clock::now();
        });
        std::printf("LoRA rank %lld on %zu projections, batch %d\n", static_cast<long long>(settings.rank),
                    trainer.lora()->moduleCount(), options.batch);
        settings.steps += 1; // the same run continued from its checkpoint by one profiled step
        core::DkiTrainer traced(*model, settings, {{image, ""}}, folder.u8string());
        traceOnce(options.traceFile, "train", [&] { traced.run(); });
    }
    std::filesystem::remove_all(folder);
    std::vector<double> timed(seconds.begin() + 1, seconds.end() - 1);
    std::sort(timed.begin(), timed.end());
    std::printf("train step: min %.3f s, median %.3f s; %s\n", timed.front(), timed[timed.size() / 2],
                usage.describePeak().c_str());
    return 0;
}

} // namespace fr2r::bench
