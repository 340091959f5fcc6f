#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/ErrorMessage.h"
#include "cli/NativeArguments.h"
#include "cli/TerminalProgress.h"
#include "core/api/Error.h"
#include "core/diffusion/RigEngine.h"
#include "imaging/BatchPlan.h"
#include "imaging/ImageFile.h"
#include "imaging/ResultFile.h"

#include <QCoreApplication>

#include <cstdio>
#include <filesystem>

namespace fr2r::cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::TranslateCommand", text);
}

// What one translate run does with each image of its shard.
struct BatchRun
{
    const imaging::BatchPlan& plan;
    core::RigEngine& engine;
    core::EngineSettings settings;
    core::RigParams params;
    imaging::ReadOptions readOptions;
    bool skipExisting = false;
};

imaging::BatchPlan planFor(const QCommandLineParser& parser)
{
    std::vector<std::string> paths;
    std::string named;
    for (const QString& input : parser.positionalArguments().mid(1)) {
        paths.push_back(NativeArguments::toNative(input));
        named += (named.empty() ? "" : ", ") + paths.back();
    }
    imaging::BatchPlan plan(imaging::BatchPlan::findSources(paths), NativeArguments::toNative(parser.value("output")));
    if (plan.items().empty())
        throw Error("no images found in " + named + " (supported: .png .jpg .jpeg .tif .tiff .webp .bmp)");
    return plan;
}

std::vector<imaging::BatchItem> itemsToRun(const QCommandLineParser& parser, const imaging::BatchPlan& plan)
{
    if (!parser.isSet("shard"))
        return plan.items();
    const auto [index, count] = imaging::BatchPlan::parseShard(parser.value("shard").toStdString());
    return plan.shard(index, count);
}

// Translates one image; false when --skip-existing found its finished result. Throws what failed.
bool translateOne(const BatchRun& run, const imaging::BatchItem& item, int index, TerminalProgress& progress)
{
    const core::RigMetadata metadata = run.engine.metadata(item.input);
    if (run.skipExisting && imaging::isCompleteResult(item.output, metadata.sourceSha256, run.params))
        return false;
    progress.startImage(index, item.relativeOutput);
    const ImageBuffer input = imaging::readImage(item.input, run.readOptions);
    const ImageBuffer result = run.engine.translate(input, run.params, [&](const core::RigProgress& p) { progress.update(p); });
    run.plan.checkOutput(item.output);
    std::filesystem::create_directories(std::filesystem::u8path(item.output).parent_path());
    imaging::writeResult(item.output, result, run.params, metadata);
    return true;
}

void printSummary(const std::vector<imaging::BatchItem>& items, int translated, int skipped,
                  const std::vector<std::string>& failures)
{
    int renamed = 0;
    for (const auto& item : items) {
        if (item.renamed)
            std::fprintf(stderr, "renamed: %s -> %s (another input takes the usual name)\n", item.input.c_str(),
                         item.relativeOutput.c_str());
        renamed += item.renamed ? 1 : 0;
    }
    for (const auto& failure : failures)
        std::fprintf(stderr, "failed: %s\n", failure.c_str());
    std::printf("%d translated, %d skipped, %zu failed, %d renamed\n", translated, skipped, failures.size(), renamed);
}

} // namespace

int runTranslate(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Translate rendered garment images into realistic ones."));
    parser.addHelpOption();
    CliOptions::addEngineOptions(parser);
    CliOptions::addParameterOptions(parser);
    parser.addOptions({{{"o", "output"}, tr("Output folder."), "DIR"},
                       {"shard", tr("Process only slice I of N of the sorted inputs (cluster job arrays)."), "I/N"},
                       {"skip-existing", tr("Leave inputs alone whose finished result (same input hash and parameters) exists.")}});
    parser.addPositionalArgument("inputs", tr("Image files or folders (searched recursively)."), "INPUT...");
    parser.process(arguments);
    if (!parser.isSet("output") || parser.positionalArguments().size() < 2)
        throw InvalidArgumentError("translate needs INPUT... and -o OUTDIR");

    const imaging::BatchPlan plan = planFor(parser); // before the model: a refused output costs nothing
    const std::vector<imaging::BatchItem> items = itemsToRun(parser, plan);
    core::RigEngine engine;
    BatchRun run{plan, engine, CliOptions::engineSettings(parser), CliOptions::rigParams(parser),
                 CliOptions::readOptions(parser), parser.isSet("skip-existing")};
    engine.setLogCallback(CliOptions::log(parser));
    engine.load(run.settings);
    std::fprintf(stderr, "%s\n", engine.description().c_str());
    TerminalProgress progress(static_cast<int>(items.size()));
    std::vector<std::string> failures;
    int translated = 0;
    int skipped = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        try {
            translateOne(run, items[i], static_cast<int>(i), progress) ? ++translated : ++skipped;
        } catch (const OutOfMemoryError&) {
            throw; // every later image would fail the same way
        } catch (const std::exception& error) {
            failures.push_back(items[i].input + ": " + errorMessage(error));
        }
    }
    progress.finish();
    printSummary(items, translated, skipped, failures);
    return failures.empty() ? 0 : 1;
}

} // namespace fr2r::cli
