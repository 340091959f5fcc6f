#include "core/training/DomainPackTrainer.h"

#include "core/api/Error.h"
#include "core/diffusion/StableDiffusionModel.h"
#include "core/io/DomainPackFolder.h"
#include "core/model/TorchErrorBoundary.h"
#include "core/training/DkiTrainer.h"
#include "core/training/DomainPack.h"

#include <torch/torch.h>

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
    for (const TrainingStage stage : {TrainingStage::Lora, TrainingStage::Embedding}) {
        const std::string folder = DomainPackTrainer::checkpointFolder(job.packFolder, stage);
        if (TrainingCheckpoint(folder).exists())
            throw InvalidArgumentError(folder + " holds the checkpoint of an earlier run: resume it or choose another "
                                                "pack folder");
    }
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

void trainStages(StableDiffusionModel& model, const DomainPackJob& job, const TrainingProgressCallback& progress,
                 const StopFlag* stop)
{
    DkiTrainer lora(model, job.lora, job.real, DomainPackTrainer::checkpointFolder(job.packFolder, TrainingStage::Lora));
    lora.run(progress, stop);
    {
        torch::NoGradGuard noGrad;
        lora.lora()->apply(); // the embedding learns what the fine-tuned UNet sees in renders
    }
    DkiTrainer embedding(model, job.embedding, job.rendered,
                         DomainPackTrainer::checkpointFolder(job.packFolder, TrainingStage::Embedding));
    embedding.run(progress, stop);
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

} // namespace

std::string DomainPackTrainer::checkpointFolder(const std::string& packFolder, TrainingStage stage)
{
    return (std::filesystem::u8path(packFolder) / "checkpoints" / (stage == TrainingStage::Lora ? "lora" : "embedding"))
        .u8string();
}

void DomainPackTrainer::run(const DomainPackJob& job, const TrainingProgressCallback& progress, const StopFlag* stop)
{
    const JobLog::Scope logScope(m_log);
    checkBeforeLoading(job);
    ComputeContext::configureCpu();
    const ComputeContext context = ComputeContext::choose(job.engine.device, job.engine.precision);
    JobLog::info("training on " + context.describe());
    const bool cuda = context.device().is_cuda();
    const TorchErrorBoundary loading(cuda ? "GPU" : "CPU", "loading", "close other programs or choose a lower precision");
    const auto model = loading.run([&] { return StableDiffusionModel::load(baseModel(job.engine), context); });
    const std::string size = std::to_string(job.lora.resolution) + "x" + std::to_string(job.lora.resolution) +
                             ", batch " + std::to_string(job.lora.batchSize);
    const TorchErrorBoundary training(cuda ? "GPU" : "CPU", size, "lower the resolution or the batch size");
    training.run([&] { trainStages(*model, job, progress, stop); });
}

} // namespace fr2r::core
