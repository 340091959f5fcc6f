#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/NativeArguments.h"
#include "cli/TerminalProgress.h"
#include "core/api/Error.h"
#include "core/training/DomainPackTrainer.h"
#include "imaging/TrainingImageFolder.h"

#include <QCoreApplication>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace fr2r::cli {
namespace {

constexpr int kLossEvery = 10; // steps between loss lines

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::TrainCommand", text);
}

void addTrainingOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {"real", tr("Folder of real product photos (the LoRA learns them)."), "DIR"},
        {"rendered", tr("Folder of renders (the rendered-domain embedding learns them)."), "DIR"},
        {{"o", "output"}, tr("Domain pack folder to write (new, or the one to --resume)."), "PACK_DIR"},
        {"steps-lora", tr("LoRA optimizer steps."), "N", "1000"},
        {"steps-embedding", tr("Embedding optimizer steps."), "N", "1000"},
        {"rank", tr("LoRA rank (alpha follows it)."), "R", "4"},
        {"vectors", tr("Vectors of the rendered-domain token."), "N", "2"},
        {"resolution", tr("Training resolution in pixels, a multiple of 8; lower it when memory runs out."), "PX", "512"},
        {"batch-size", tr("Images per step; lower it when memory runs out."), "B", "1"},
        {"lr", tr("LoRA learning rate."), "RATE", "1e-4"},
        {"lr-embedding", tr("Embedding learning rate."), "RATE", "5e-4"},
        {"seed", tr("Seed of every random draw (a run is reproducible)."), "N", "0"},
        {"checkpoint-every", tr("Steps between checkpoints."), "N", "100"},
        {"prompt", tr("Caption of the real photos that have no .txt beside them."), "TEXT", ""},
        {"resume", tr("Continue the run whose checkpoints are in PACK_DIR.")},
        {"gradient-checkpointing", tr("Recompute the UNet's blocks during backward: less memory, slower steps.")},
        {"no-latent-cache", tr("Encode every step's images again instead of once (saves the cache's memory).")},
    });
}

int64_t integer(const QCommandLineParser& parser, const QString& option, int64_t minimum)
{
    const double value = CliOptions::number(parser, option);
    if (!(value >= static_cast<double>(minimum)) || value != std::floor(value) || value > 1e9)
        throw InvalidArgumentError(("--" + option + " expects a whole number of at least " + QString::number(minimum) +
                                    ", got '" + parser.value(option) + "'").toStdString());
    return static_cast<int64_t>(value);
}

core::TrainingSettings stageSettings(const QCommandLineParser& parser, core::TrainingStage stage)
{
    const bool lora = stage == core::TrainingStage::Lora;
    core::TrainingSettings settings;
    settings.stage = stage;
    settings.steps = integer(parser, lora ? "steps-lora" : "steps-embedding", 1);
    settings.learningRate = CliOptions::number(parser, lora ? "lr" : "lr-embedding");
    settings.rank = integer(parser, "rank", 1);
    settings.alpha = static_cast<double>(settings.rank);
    settings.vectors = integer(parser, "vectors", 1);
    settings.resolution = integer(parser, "resolution", 8);
    settings.batchSize = integer(parser, "batch-size", 1);
    settings.seed = static_cast<uint64_t>(integer(parser, "seed", 0));
    settings.checkpointEvery = integer(parser, "checkpoint-every", 1);
    settings.gradientCheckpointing = parser.isSet("gradient-checkpointing");
    settings.cacheLatents = !parser.isSet("no-latent-cache");
    settings.validate();
    return settings;
}

std::string folderOption(const QCommandLineParser& parser, const QString& option)
{
    if (!parser.isSet(option))
        throw InvalidArgumentError(("train needs --" + option + " DIR").toStdString());
    const std::string folder = NativeArguments::toNative(parser.value(option));
    if (!std::filesystem::is_directory(std::filesystem::u8path(folder)))
        throw InvalidArgumentError("--" + option.toStdString() + ": " + folder + " is not a folder");
    return folder;
}

// The images of a folder, or an InvalidArgumentError (exit 2) naming it when it has too few; skipped files listed.
std::vector<core::TrainingExample> readExamples(const std::string& folder, int64_t resolution, const std::string& caption)
{
    auto images = imaging::TrainingImageFolder::read(folder, static_cast<int>(resolution), caption,
                                                 imaging::TrainingImageFolder::kMinimumImages);
    for (const auto& skipped : images.skipped)
        std::fprintf(stderr, "skipped: %s\n", skipped.c_str());
    std::fprintf(stderr, "%s: %zu images\n", folder.c_str(), images.examples.size());
    return std::move(images.examples);
}

core::DomainPackJob jobFor(const QCommandLineParser& parser)
{
    core::DomainPackJob job;
    const std::string real = folderOption(parser, "real");
    const std::string rendered = folderOption(parser, "rendered");
    if (!parser.isSet("output"))
        throw InvalidArgumentError("train needs -o PACK_DIR");
    job.packFolder = NativeArguments::toNative(parser.value("output"));
    imaging::refusePackAroundInputs(job.packFolder, {real, rendered});
    job.engine = CliOptions::modelSettings(parser);
    job.lora = stageSettings(parser, core::TrainingStage::Lora);
    job.embedding = stageSettings(parser, core::TrainingStage::Embedding);
    job.targetPrompt = parser.value("prompt").normalized(QString::NormalizationForm_C).toStdString();
    job.resume = parser.isSet("resume");
    job.real = readExamples(real, job.lora.resolution, job.targetPrompt);
    job.rendered = readExamples(rendered, job.lora.resolution, "");
    return job;
}

} // namespace

int runTrain(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Train a domain pack: a LoRA on real photos, then the rendered-domain "
                                        "embedding on renders."));
    parser.addHelpOption();
    CliOptions::addModelOptions(parser);
    addTrainingOptions(parser);
    parser.process(arguments);
    if (parser.positionalArguments().size() > 1)
        throw InvalidArgumentError("train takes no positional arguments, got '" +
                                   parser.positionalArguments().at(1).toStdString() + "'");
    const core::DomainPackJob job = jobFor(parser); // every check before the model loads
    core::DomainPackTrainer trainer;
    trainer.setLogCallback(CliOptions::log(parser));
    TerminalProgress progress(1);
    trainer.run(job, [&](const core::TrainingProgress& step) { progress.updateTraining(step, kLossEvery); });
    progress.finish();
    std::printf("domain pack written to %s\n", job.packFolder.c_str());
    return 0;
}

} // namespace fr2r::cli
