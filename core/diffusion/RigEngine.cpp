#include "core/diffusion/RigEngine.h"

#include "core/api/Error.h"
#include "core/api/Sha256.h"
#include "core/api/WorkingSize.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/ImageTensor.h"
#include "core/model/MemoryPlanLines.h"
#include "core/model/TorchErrorBoundary.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <utility>

namespace fr2r::core {
namespace {

at::Tensor resized(const at::Tensor& image, int width, int height)
{
    if (image.size(2) == height && image.size(3) == width)
        return image;
    namespace F = torch::nn::functional;
    return F::interpolate(image, F::InterpolateFuncOptions()
                                     .size(std::vector<int64_t>{height, width})
                                     .mode(torch::kBilinear)
                                     .align_corners(false)
                                     .antialias(true));
}

std::string imageKey(const ImageBuffer& image)
{
    Sha256 hash;
    hash.update(image.pixels.data(), image.pixels.size());
    return hash.hexDigest() + ":" + std::to_string(image.width) + "x" + std::to_string(image.height);
}

// The model's UNet and VAE check the job's stop flag between their blocks while this lives.
class StopScope
{
public:
    StopScope(StableDiffusionModel& model, const RunControl& control)
        : m_model(model)
    {
        m_model.unet()->setStopCheck(control.stopCheck());
        m_model.vae()->setStopCheck(control.stopCheck());
    }
    ~StopScope()
    {
        m_model.unet()->setStopCheck({});
        m_model.vae()->setStopCheck({});
    }
    StopScope(const StopScope&) = delete;
    StopScope& operator=(const StopScope&) = delete;

private:
    StableDiffusionModel& m_model;
};

// What the attention layers decided in the last job (kernel, query rows at once, score memory), and the layers
// that split their work to stay within the memory budget.
void logMemoryPlans(StableDiffusionModel& model)
{
    const MemoryPlanLines lines = MemoryPlanLines::of(*model.unet(), *model.vae());
    for (const std::string& line : lines.attention)
        JobLog::debug(line);
    for (const std::string& line : lines.splits)
        JobLog::info(line);
}

} // namespace

class RigEngine::Impl
{
public:
    EngineSettings settings;
    std::unique_ptr<StableDiffusionModel> model;
    std::unique_ptr<RigPipeline> pipeline;
    RigStats stats;
    LogCallback log;
    std::string modelHash;
    std::string embeddingHash;

    RigPipeline& ready()
    {
        if (!pipeline)
            throw InvalidArgumentError("no model is loaded: choose a Stable Diffusion 1.x model first");
        return *pipeline;
    }
    TorchErrorBoundary boundary(const at::Tensor& image) const
    {
        const bool cuda = model && model->context().device().is_cuda();
        return TorchErrorBoundary(cuda ? "GPU" : "CPU", std::to_string(image.size(3)) + "x" + std::to_string(image.size(2)),
                                  cuda ? "lower the working size or use fp16/bf16" : "lower the working size or use bf16");
    }
    RunControl control(const ProgressCallback& progress, const StopFlag* stop) { return RunControl{progress, stop, &stats}; }
    at::Tensor prepareInput(const ImageBuffer& input, const RigParams& params) const
    {
        const WorkingSize size = WorkingSize::forImage(input.width, input.height, params.workingSize);
        return resized(imageToTensor(input), size.width, size.height) * 2.0 - 1.0; // [1, 3, H, W] in [-1, 1]
    }
    ImageBuffer finish(const at::Tensor& image, const ImageBuffer& input, const RigParams& params) const
    {
        auto unit = (image.to(torch::kCPU, torch::kFloat32) + 1.0) / 2.0;
        if (params.restoreInputSize)
            unit = resized(unit, input.width, input.height);
        return tensorToImage(unit);
    }
};

RigEngine::RigEngine()
    : m_impl(std::make_unique<Impl>())
{
}

RigEngine::~RigEngine() = default;

void RigEngine::load(const EngineSettings& settings, const ProgressCallback& progress, const StopFlag* stop)
{
    const JobLog::Scope logScope(m_impl->log);
    ComputeContext::configureCpu();
    if (progress)
        progress(RigProgress{RigPhase::Loading, 0, 1});
    m_impl->pipeline.reset();
    m_impl->model.reset();
    const ComputeContext context = ComputeContext::choose(settings.device, settings.precision);
    JobLog::info("computing on " + context.describe());
    const RunControl loading{progress, stop, nullptr};
    const TorchErrorBoundary boundary(context.device().is_cuda() ? "GPU" : "CPU", "loading",
                                      "close other programs or choose a lower precision");
    m_impl->model = boundary.run([&] { return StableDiffusionModel::load(settings, context, loading.stopCheck()); });
    m_impl->pipeline = std::make_unique<RigPipeline>(*m_impl->model);
    m_impl->settings = settings;
    m_impl->modelHash = m_impl->model->weightsSha256().substr(0, 10);
    const std::string& embeddingPath = m_impl->model->settings().negativeEmbeddingPath; // the pack's, if it has one
    m_impl->embeddingHash = embeddingPath.empty() ? std::string() : sha256File(embeddingPath).substr(0, 10);
    if (progress)
        progress(RigProgress{RigPhase::Loading, 1, 1});
}

bool RigEngine::isLoaded() const
{
    return m_impl->pipeline != nullptr;
}

std::string RigEngine::description() const
{
    if (!m_impl->model)
        return {};
    const auto& context = m_impl->model->context();
    return m_impl->model->name() + " · " + (context.device().is_cuda() ? "CUDA " : "CPU ") + context.precisionName();
}

void RigEngine::setLogCallback(LogCallback callback)
{
    m_impl->log = std::move(callback);
}

RigMetadata RigEngine::metadata(const std::string& inputPath) const
{
    RigMetadata metadata;
    if (m_impl->model) {
        metadata.modelName = m_impl->model->name();
        metadata.modelHash = m_impl->modelHash;
        metadata.negativeEmbeddingHash = m_impl->embeddingHash;
    }
    const auto input = std::filesystem::u8path(inputPath);
    if (!inputPath.empty() && std::filesystem::is_regular_file(input)) {
        metadata.sourceFile = inputPath;
        metadata.sourceSha256 = sha256File(inputPath);
    }
    return metadata;
}

ImageBuffer RigEngine::translate(const ImageBuffer& input, const RigParams& params, const ProgressCallback& progress,
                                 const StopFlag* stop)
{
    const JobLog::Scope logScope(m_impl->log);
    RigPipeline& pipeline = m_impl->ready();
    params.validate();
    const at::Tensor image = m_impl->prepareInput(input, params);
    const RunControl control = m_impl->control(progress, stop);
    const StopScope stopScope(*m_impl->model, control);
    const ImageBuffer result = m_impl->boundary(image).run([&] {
        return m_impl->finish(pipeline.run(image, imageKey(input), params, control).image, input, params);
    });
    logMemoryPlans(*m_impl->model);
    return result;
}

std::vector<SweepCell> RigEngine::sweep(const ImageBuffer& input, const RigParams& base,
                                        const std::vector<double>& strengths, const std::vector<double>& gammas,
                                        const SweepCellCallback& cellDone, const ProgressCallback& progress,
                                        const StopFlag* stop)
{
    const JobLog::Scope logScope(m_impl->log);
    RigPipeline& pipeline = m_impl->ready();
    base.validate();
    const at::Tensor image = m_impl->prepareInput(input, base);
    const std::string key = imageKey(input);
    const RunControl control = m_impl->control(progress, stop);
    const StopScope stopScope(*m_impl->model, control);
    std::vector<double> order = strengths;
    std::sort(order.begin(), order.end(), std::greater<>()); // the largest inversion serves every smaller strength
    std::vector<SweepCell> cells;
    m_impl->boundary(image).run([&] {
        for (double strength : order) {
            RigParams params = base;
            params.strength = strength;
            const auto latents = pipeline.sweepStrength(image, key, params, gammas, control);
            for (size_t g = 0; g < gammas.size(); ++g) {
                SweepCell cell{strength, gammas[g], m_impl->finish(pipeline.decode(latents[g], control), input, params)};
                if (cellDone)
                    cellDone(cell);
                cells.push_back(std::move(cell));
            }
        }
        return 0;
    });
    logMemoryPlans(*m_impl->model);
    return cells;
}

const RigStats& RigEngine::stats() const
{
    return m_impl->stats;
}

} // namespace fr2r::core
