#include "core/training/DomainPackTrainer.h"

#include "core/api/Error.h"
#include "core/diffusion/RigPipeline.h"
#include "core/diffusion/RunControl.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/DomainPackFolder.h"
#include "core/io/ImageTensor.h"
#include "core/model/TorchErrorBoundary.h"
#include "core/training/DkiTrainer.h"
#include "core/training/DomainPack.h"
#include "core/training/ResourceUsage.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace fr2r::core {
namespace {

void checkBeforeLoading(const DomainPackJob& job)
{
    job.lora.validate();
    job.embedding.validate();
    if (job.lora.stage != TrainingStage::Lora || job.embedding.stage != TrainingStage::Embedding)
        throw InvalidArgumentError("domain pack: the first stage trains the LoRA, the second the embedding");
    if (job.resume)
        return;
    const auto info = std::filesystem::u8path(job.packFolder) / DomainPackFolder::kInfoFile;
    if (std::filesystem::exists(info))
        throw InvalidArgumentError(info.u8string() + ": the folder holds a domain pack already: choose another folder");
    if (DomainPackTrainer::hasCheckpoint(job.packFolder))
        throw InvalidArgumentError((std::filesystem::u8path(job.packFolder) / "checkpoints").u8string() +
                                   " holds the checkpoint of an earlier run: resume it or choose another pack folder");
}

// The base model alone: the pack is trained against its plain weights.
EngineSettings baseModel(const EngineSettings& settings)
{
    EngineSettings base = settings;
    base.packPath.clear();
    base.loras.clear();
    base.negativeEmbeddingPath.clear();
    return base;
}

// The preview render translated by the model as it is now (the caller applies the weights learned so far).
ImageBuffer translatePreview(StableDiffusionModel& model, const TrainingPreview& preview, const StopFlag* stop)
{
    torch::NoGradGuard noGrad;
    RigPipeline pipeline(model); // a fresh one: its caches hold the previous weights' inversions and prompts
    const RunControl control{{}, stop, nullptr};
    const at::Tensor image = imageToTensor(preview.render) * 2.0 - 1.0; // [1, 3, H, W] in [-1, 1]
    const at::Tensor result = pipeline.run(image, "training preview", preview.params, control).image;
    return tensorToImage((result.to(torch::kCPU, torch::kFloat32) + 1.0) / 2.0);
}

// The LoRA stage applies the matrices learned so far; the embedding stage (the LoRA already applied) uses the rows
// learned so far as the negative token.
ImageBuffer previewOf(StableDiffusionModel& model, DkiTrainer& trainer, const TrainingPreview& preview,
                      const StopFlag* stop)
{
    torch::NoGradGuard noGrad;
    if (LoraLayers* lora = trainer.lora()) {
        lora->applyMerged();
        const ImageBuffer after = translatePreview(model, preview, stop);
        lora->restore();
        return after;
    }
    trainer.embedding()->restore(); // the table holds the rows learned so far; the next step applies them again
    model.setNegativePrompt(trainer.placeholderPrompt());
    const ImageBuffer after = translatePreview(model, preview, stop);
    model.setNegativePrompt({});
    return after;
}

struct StageReport
{
    const TrainingProgressCallback& progress;
    const TrainingPreviewCallback& preview;
    const StopFlag* stop;
};

// The stage's progress, then its preview when one is due.
TrainingProgressCallback stageCallback(StableDiffusionModel& model, const DomainPackJob& job, DkiTrainer& trainer,
                                       const StageReport& report)
{
    return [&model, &job, &trainer, report](const TrainingProgress& done) {
        if (report.progress)
            report.progress(done);
        if (report.preview && job.preview.dueAt(done.step))
            report.preview(done.stage, done.step, previewOf(model, trainer, job.preview, report.stop));
    };
}

void trainStages(StableDiffusionModel& model, const DomainPackJob& job, const StageReport& report)
{
    DkiTrainer lora(model, job.lora, job.real, DomainPackTrainer::checkpointFolder(job.packFolder, TrainingStage::Lora));
    lora.run(stageCallback(model, job, lora, report), report.stop);
    lora.lora()->applyMerged(); // frozen: the embedding learns what the fine-tuned UNet sees in renders
    DkiTrainer embedding(model, job.embedding, job.rendered,
                         DomainPackTrainer::checkpointFolder(job.packFolder, TrainingStage::Embedding));
    embedding.run(stageCallback(model, job, embedding, report), report.stop);
    lora.lora()->restore();

    DomainPackInfo info;
    info.baseModelSha256 = model.weightsSha256();
    info.token = job.embedding.placeholderToken;
    info.targetPrompt = job.targetPrompt;
    info.loraSettings = job.lora;
    info.embeddingSettings = job.embedding;
    info.loraLoss = lora.lossHistory();
    info.embeddingLoss = embedding.lossHistory();
    writeDomainPack(job.packFolder, *lora.lora(), embedding.embedding()->rows(), info);
    JobLog::info("domain pack written to " + job.packFolder);
}

ComputeContext computeContext(const DomainPackJob& job)
{
    ComputeContext::configureCpu();
    const ComputeContext context = ComputeContext::choose(job.engine.device, job.engine.precision);
    JobLog::info("training on " + context.describe());
    return context;
}

std::unique_ptr<StableDiffusionModel> loadBaseModel(const DomainPackJob& job, const ComputeContext& context)
{
    const TorchErrorBoundary loading(context.device().is_cuda() ? "GPU" : "CPU", "loading",
                                     "close other programs or choose a lower precision");
    return loading.run([&] { return StableDiffusionModel::load(baseModel(job.engine), context); });
}

// Out of memory while training names the settings to lower.
TorchErrorBoundary trainingBoundary(const DomainPackJob& job, const ComputeContext& context)
{
    const std::string size = std::to_string(job.lora.resolution) + "x" + std::to_string(job.lora.resolution) +
                             ", batch " + std::to_string(job.lora.batchSize);
    return TorchErrorBoundary(context.device().is_cuda() ? "GPU" : "CPU", size, "lower the resolution or the batch size");
}

} // namespace

std::string DomainPackTrainer::checkpointFolder(const std::string& packFolder, TrainingStage stage)
{
    return (std::filesystem::u8path(packFolder) / "checkpoints" / (stage == TrainingStage::Lora ? "lora" : "embedding"))
        .u8string();
}

bool DomainPackTrainer::hasCheckpoint(const std::string& packFolder)
{
    for (const TrainingStage stage : {TrainingStage::Lora, TrainingStage::Embedding})
        if (TrainingCheckpoint(checkpointFolder(packFolder, stage)).exists())
            return true;
    return false;
}

void DomainPackTrainer::run(const DomainPackJob& job, const TrainingProgressCallback& progress, const StopFlag* stop)
{
    const JobLog::Scope logScope(m_log);
    checkBeforeLoading(job);
    const ComputeContext context = computeContext(job);
    const auto model = loadBaseModel(job, context);
    trainingBoundary(job, context).run([&] { trainStages(*model, job, StageReport{progress, m_preview, stop}); });
}

TrainingProbe DomainPackTrainer::probe(const DomainPackJob& job, const StopFlag* stop)
{
    const JobLog::Scope logScope(m_log);
    job.lora.validate();
    const ComputeContext context = computeContext(job);
    ResourceUsage usage(context.device());
    const int64_t before = usage.currentBytes();
    usage.resetPeak();
    const auto model = loadBaseModel(job, context);
    if (stop && stop->load())
        throw Cancelled();
    TrainingProbe probe;
    trainingBoundary(job, context).run([&] {
        DkiTrainer trainer(*model, job.lora, job.real, {}); // run() is never called: no checkpoint read or written
        const auto start = std::chrono::steady_clock::now();
        trainer.measureStep();
        probe.secondsPerStep = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
    probe.peakBytes = std::max<int64_t>(0, usage.peakBytes() - before);
    probe.deviceMemory = context.device().is_cuda();
    JobLog::info("training probe: " + std::to_string(probe.secondsPerStep) + " s per LoRA step, " +
                 std::to_string(probe.peakBytes / (1024 * 1024)) + " MiB above the process's memory before it");
    return probe;
}

} // namespace fr2r::core
