#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/ErrorMessage.h"
#include "cli/NativeArguments.h"
#include "cli/TerminalProgress.h"
#include "core/api/Error.h"
#include "core/diffusion/RigEngine.h"
#include "imaging/BatchPlan.h"
#include "imaging/GridComposer.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"
#include "imaging/ResultFile.h"

#include <QCoreApplication>

#include <cstdio>
#include <filesystem>

namespace fr2r::cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::SweepCommand", text);
}

std::string twoDecimals(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

imaging::GridSpec gridSpec(const std::vector<core::SweepCell>& cells, const std::vector<double>& strengths,
                           const std::vector<double>& gammas, const std::string& title)
{
    imaging::GridSpec spec;
    spec.rows = static_cast<int>(strengths.size());
    spec.columns = static_cast<int>(gammas.size());
    spec.cells.resize(strengths.size() * gammas.size());
    for (const auto& cell : cells) {
        const auto row = std::find(strengths.begin(), strengths.end(), cell.strength) - strengths.begin();
        const auto column = std::find(gammas.begin(), gammas.end(), cell.gamma) - gammas.begin();
        spec.cells[row * gammas.size() + column] = cell.image;
    }
    spec.title = title;
    spec.rowTitle = "Denoising strength";
    spec.columnTitle = "TAC ratio gamma";
    for (double strength : strengths)
        spec.rowLabels.emplace_back(twoDecimals(strength));
    for (double gamma : gammas)
        spec.columnLabels.emplace_back(twoDecimals(gamma));
    return spec;
}

// Writes one cell; a cell that cannot be written is reported and the sweep goes on.
void writeCell(const imaging::BatchPlan& guard, const std::filesystem::path& cellDir, const core::SweepCell& cell,
               core::RigParams params, const core::RigMetadata& metadata, std::vector<std::string>& failures)
{
    params.strength = cell.strength;
    params.gamma = cell.gamma;
    const auto path = (cellDir / ("s" + twoDecimals(cell.strength) + "_g" + twoDecimals(cell.gamma) + ".png")).u8string();
    try {
        guard.checkOutput(path);
        imaging::writeResult(path, cell.image, params, metadata);
    } catch (const std::exception& error) {
        failures.push_back(path + ": " + errorMessage(error));
    }
}

} // namespace

int runSweep(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Translate one render over a strength x gamma grid."));
    parser.addHelpOption();
    CliOptions::addEngineOptions(parser);
    CliOptions::addParameterOptions(parser);
    parser.addOptions({{"strengths", tr("Denoising strengths (rows)."), "LIST", "0.3,0.5,0.7"},
                       {"gammas", tr("TAC ratios (columns)."), "LIST", "0,0.3,0.6,0.9"},
                       {{"o", "output"}, tr("The grid PNG; the cells go to a folder beside it."), "FILE"}});
    parser.addPositionalArgument("input", tr("The rendered image."), "INPUT");
    parser.process(arguments);
    if (!parser.isSet("output") || parser.positionalArguments().size() != 2)
        throw InvalidArgumentError("sweep needs one INPUT and -o GRID.png");

    const auto strengths = CliOptions::numberList(parser, "strengths");
    const auto gammas = CliOptions::numberList(parser, "gammas");
    const core::EngineSettings settings = CliOptions::engineSettings(parser);
    const core::RigParams params = CliOptions::rigParams(parser);
    const std::string inputPath = NativeArguments::toNative(parser.positionalArguments().at(1));
    const auto gridPath = std::filesystem::u8path(NativeArguments::toNative(parser.value("output")));
    const auto cellDir = gridPath.parent_path() / std::filesystem::u8path(gridPath.stem().u8string() + "_cells");
    const imaging::BatchPlan guard({{inputPath, gridPath.filename().u8string()}}, gridPath.parent_path().u8string());
    const ImageBuffer input = imaging::readImage(inputPath, CliOptions::readOptions(parser));

    core::RigEngine engine;
    engine.setLogCallback(CliOptions::log(parser));
    engine.load(settings);
    std::filesystem::create_directories(cellDir);
    const core::RigMetadata metadata = engine.metadata(inputPath);

    TerminalProgress progress(1);
    progress.startImage(0, inputPath);
    std::vector<std::string> failures;
    const auto cells = engine.sweep(input, params, strengths, gammas, [&](const core::SweepCell& cell) {
        writeCell(guard, cellDir, cell, params, metadata, failures);
    }, [&](const core::RigProgress& p) { progress.update(p); });
    progress.finish();

    const std::string title = metadata.modelName + " | prompt: \"" + params.positivePrompt + "\" | N " +
                              std::to_string(params.steps) + ", guidance " + twoDecimals(params.guidance);
    const auto grid = imaging::composeGrid(gridSpec(cells, strengths, gammas, title));
    imaging::writePng(gridPath.u8string(), grid.image,
                      {{core::kParametersChunk, core::a1111Parameters(params, metadata)},
                       {"sweep", "strengths: " + parser.value("strengths").toStdString() + "; gammas: " +
                                     parser.value("gammas").toStdString()}});
    std::printf("%s: %zu x %zu grid, cells in %s\n", gridPath.u8string().c_str(), strengths.size(), gammas.size(),
                cellDir.u8string().c_str());
    for (const auto& failure : failures)
        std::fprintf(stderr, "failed: %s\n", failure.c_str());
    return failures.empty() ? 0 : 1;
}

} // namespace fr2r::cli
