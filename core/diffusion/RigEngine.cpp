#include "core/diffusion/RigEngine.h"

#include "core/Error.h"
#include "core/io/ImageTensor.h"
#include "core/io/Sha256.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/diffusion/WorkingSize.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <functional>

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

// LibTorch reports allocation failures as c10::Error; the user needs to know what to change.
template <typename Work>
auto translatingErrors(const char* device, int width, int height, Work&& work) -> decltype(work())
{
    try {
        return work();
    } catch (const c10::Error& error) {
        const std::string what = error.what_without_backtrace();
        if (what.find("out of memory") != std::string::npos || what.find("alloc") != std::string::npos)
            throw OutOfMemoryError(std::string("out of ") + device + " memory at " + std::to_string(width) + "x" +
                                   std::to_string(height) + ": lower the working size or use fp16/bf16");
        throw Error("computation failed: " + what);
    } catch (const std::bad_alloc&) {
        throw OutOfMemoryError("out of memory at " + std::to_string(width) + "x" + std::to_string(height) +
                               ": lower the working size or use bf16");
    }
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

std::string hashOfModelWeights(const std::string& path)
{
    const auto fsPath = std::filesystem::u8path(path);
    if (!std::filesystem::is_directory(fsPath))
        return sha256File(path);
    for (const char* name : {"unet/diffusion_pytorch_model.safetensors", "unet/diffusion_pytorch_model.fp16.safetensors"})
        if (std::filesystem::exists(fsPath / name))
            return sha256File((fsPath / name).u8string());
    return {};
}

} // namespace

std::string toString(RigPhase phase)
{
    switch (phase) {
    case RigPhase::Loading: return "Loading";
    case RigPhase::Encoding: return "Encoding";
    case RigPhase::Inverting: return "Inverting";
    case RigPhase::Generating: return "Generating";
    case RigPhase::Decoding: return "Decoding";
    }
    return {};
}

class RigEngine::Impl
{
public:
    EngineSettings settings;
    std::unique_ptr<StableDiffusionModel> model;
    std::unique_ptr<RigPipeline> pipeline;
    RigStats stats;
    std::string modelHash;
    std::string embeddingHash;

    RigPipeline& ready()
    {
        if (!pipeline)
            throw InvalidArgumentError("no model is loaded: choose a Stable Diffusion 1.x model first");
        return *pipeline;
    }
    const char* deviceName() const { return model && model->context().device().is_cuda() ? "GPU" : "CPU"; }
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
    ComputeContext::configureCpu();
    if (progress)
        progress(RigProgress{RigPhase::Loading, 0, 1});
    m_impl->pipeline.reset();
    m_impl->model.reset();
    const ComputeContext context = ComputeContext::choose(settings.device, settings.precision);
    const RunControl loading{progress, stop, nullptr};
    m_impl->model = translatingErrors(context.device().is_cuda() ? "GPU" : "CPU", 0, 0, [&] {
        return StableDiffusionModel::load(settings, context, loading.stopCheck());
    });
    m_impl->pipeline = std::make_unique<RigPipeline>(*m_impl->model);
    m_impl->settings = settings;
    m_impl->modelHash.clear();
    m_impl->embeddingHash.clear();
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
    return m_impl->model->name() + " · " + (context.device().is_cuda() ? "CUDA " : "CPU ") +
           std::string(c10::toString(context.dtype()));
}

std::string RigEngine::modelHash() const
{
    if (m_impl->modelHash.empty() && m_impl->model)
        m_impl->modelHash = hashOfModelWeights(m_impl->settings.modelPath).substr(0, 10);
    return m_impl->modelHash;
}

std::string RigEngine::negativeEmbeddingHash() const
{
    if (m_impl->embeddingHash.empty() && !m_impl->settings.negativeEmbeddingPath.empty())
        m_impl->embeddingHash = sha256File(m_impl->settings.negativeEmbeddingPath).substr(0, 10);
    return m_impl->embeddingHash;
}

ImageBuffer RigEngine::translate(const ImageBuffer& input, const RigParams& params, const ProgressCallback& progress,
                                 const StopFlag* stop)
{
    RigPipeline& pipeline = m_impl->ready();
    params.validate();
    const at::Tensor image = m_impl->prepareInput(input, params);
    const RunControl control = m_impl->control(progress, stop);
    const StopScope stopScope(*m_impl->model, control);
    return translatingErrors(m_impl->deviceName(), image.size(3), image.size(2), [&] {
        return m_impl->finish(pipeline.run(image, imageKey(input), params, control).image, input, params);
    });
}

std::vector<SweepCell> RigEngine::sweep(const ImageBuffer& input, const RigParams& base,
                                        const std::vector<double>& strengths, const std::vector<double>& gammas,
                                        const SweepCellCallback& cellDone, const ProgressCallback& progress,
                                        const StopFlag* stop)
{
    RigPipeline& pipeline = m_impl->ready();
    base.validate();
    const at::Tensor image = m_impl->prepareInput(input, base);
    const std::string key = imageKey(input);
    const RunControl control = m_impl->control(progress, stop);
    const StopScope stopScope(*m_impl->model, control);
    std::vector<double> order = strengths;
    std::sort(order.begin(), order.end(), std::greater<>()); // the largest inversion serves every smaller strength
    std::vector<SweepCell> cells;
    translatingErrors(m_impl->deviceName(), image.size(3), image.size(2), [&] {
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
    return cells;
}

const RigStats& RigEngine::stats() const
{
    return m_impl->stats;
}

void RigEngine::resetStats()
{
    m_impl->stats = RigStats{};
}

void RigEngine::clearCache()
{
    if (m_impl->pipeline)
        m_impl->pipeline->clearCache();
}

} // namespace fr2r::core
