#include "cli/BatchInputs.h"
#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/TerminalProgress.h"
#include "core/Error.h"
#include "core/diffusion/RigEngine.h"
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

core::RigMetadata metadataFor(core::RigEngine& engine, const core::EngineSettings& settings, const BatchInput& input)
{
    core::RigMetadata metadata;
    metadata.modelName = std::filesystem::u8path(settings.modelPath).filename().u8string();
    metadata.modelHash = engine.modelHash();
    metadata.negativeEmbeddingHash = engine.negativeEmbeddingHash();
    metadata.sourceFile = input.path;
    return metadata;
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
                       {"skip-existing", tr("Leave inputs whose output already exists alone.")}});
    parser.addPositionalArgument("inputs", tr("Image files or folders (searched recursively)."), "INPUT...");
    parser.process(arguments);
    if (!parser.isSet("output") || parser.positionalArguments().size() < 2)
        throw InvalidArgumentError("translate needs INPUT... and -o OUTDIR");

    std::vector<std::string> paths;
    for (const QString& input : parser.positionalArguments().mid(1))
        paths.push_back(input.toStdString());
    std::vector<BatchInput> inputs = collectInputs(paths);
    if (parser.isSet("shard")) {
        const auto [index, count] = parseShard(parser.value("shard").toStdString());
        inputs = shard(inputs, index, count);
    }
    const std::filesystem::path outputDir = std::filesystem::u8path(parser.value("output").toStdString());
    const core::EngineSettings settings = CliOptions::engineSettings(parser);
    const core::RigParams params = CliOptions::rigParams(parser);

    core::RigEngine engine;
    engine.load(settings);
    std::fprintf(stderr, "%s\n", engine.description().c_str());
    TerminalProgress progress(static_cast<int>(inputs.size()));
    std::vector<std::string> failures;
    int skipped = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto target = outputDir / std::filesystem::u8path(inputs[i].relativeOutput);
        if (parser.isSet("skip-existing") && std::filesystem::exists(target)) {
            ++skipped;
            continue;
        }
        progress.startImage(static_cast<int>(i), inputs[i].relativeOutput);
        try {
            const ImageBuffer input = imaging::readImage(inputs[i].path);
            const ImageBuffer result = engine.translate(input, params, [&](const core::RigProgress& p) { progress.update(p); });
            std::filesystem::create_directories(target.parent_path());
            imaging::writeResult(target.u8string(), result, params, metadataFor(engine, settings, inputs[i]));
        } catch (const OutOfMemoryError&) {
            throw; // every later image would fail the same way
        } catch (const Error& error) {
            failures.push_back(inputs[i].path + ": " + error.what());
        }
    }
    progress.finish();
    std::printf("%zu translated, %d skipped, %zu failed\n", inputs.size() - failures.size() - skipped, skipped, failures.size());
    for (const auto& failure : failures)
        std::fprintf(stderr, "failed: %s\n", failure.c_str());
    return failures.empty() ? 0 : 1;
}

} // namespace fr2r::cli
