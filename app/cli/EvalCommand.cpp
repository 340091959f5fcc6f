#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/NativeArguments.h"
#include "core/api/Error.h"
#include "imaging/EvaluationIo.h"
#include "imaging/ImageFile.h"
#include "imaging/ImageResize.h"
#include "imaging/Ssim.h"
#include "metrics/Evaluation.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <optional>

namespace fr2r::cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::EvalCommand", text);
}

void print(FILE* stream, const QString& text)
{
    std::fprintf(stream, "%s", text.toLocal8Bit().constData());
}

int positiveNumber(const QCommandLineParser& parser, const QString& option)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < 1)
        throw InvalidArgumentError(("--" + option + " expects a positive whole number, got '" + parser.value(option) +
                                    "'").toStdString());
    return value;
}

metrics::EvaluationOptions evaluationOptions(const QCommandLineParser& parser)
{
    if (!parser.isSet("generated") || !parser.isSet("rendered"))
        throw InvalidArgumentError("eval needs --generated DIR and --rendered DIR");
    metrics::EvaluationOptions options;
    options.generatedDir = NativeArguments::toNative(parser.value("generated"));
    options.renderedDir = NativeArguments::toNative(parser.value("rendered"));
    options.realDir = NativeArguments::toNative(parser.value("real"));
    options.lpipsWeights = NativeArguments::toNative(parser.value("lpips-weights"));
    options.inceptionWeights = NativeArguments::toNative(parser.value("inception-weights"));
    options.cacheDir = NativeArguments::toNative(parser.value("cache-dir"));
    options.device = core::parseDeviceChoice(parser.value("device").toStdString());
    options.batchSize = positiveNumber(parser, "batch-size");
    return options;
}


template <typename Summary>
QString summaryText(const char* name, const std::optional<Summary>& summary, int digits)
{
    if (!summary)
        return QString("%1 -").arg(name);
    return QString("%1 %2 (%3)").arg(name, QString::number(summary->mean, 'f', digits),
                                     QString::number(summary->std, 'f', digits));
}

void printList(const QString& title, const std::vector<std::string>& items)
{
    if (items.empty())
        return;
    print(stdout, title.arg(items.size()) + "\n");
    for (const auto& item : items)
        print(stdout, "  " + QString::fromStdString(item) + "\n");
}

void printReport(const metrics::EvaluationReport& report)
{
    print(stdout, summaryText("KID", report.kid, 5) + " / " + summaryText("LPIPS", report.lpips, 4) + " / " +
                      summaryText("SSIM", report.ssim, 4) + "\n");
    print(stdout, tr("%1 pairs on %2").arg(report.pairs.size()).arg(QString::fromStdString(report.device)) + "\n");
    if (report.kid) {
        print(stdout, tr("KID: %1 real and %2 generated images, %3 subsets of %4, %5 newly embedded\n")
                          .arg(report.kid->realImages)
                          .arg(report.kid->generatedImages)
                          .arg(report.kid->subsets)
                          .arg(report.kid->subsetSize)
                          .arg(report.kid->embedded));
    }
    printList(tr("Unpaired generated images (%1):"), report.unpairedGenerated);
    printList(tr("Unpaired rendered images (%1):"), report.unpairedRendered);
    std::vector<std::string> unreadable;
    for (const auto& file : report.unreadable)
        unreadable.push_back(file.reason.find(file.path) == std::string::npos ? file.path + ": " + file.reason
                                                                              : file.reason);
    printList(tr("Unreadable files (%1):"), unreadable);
    printList(tr("Warnings (%1):"), report.warnings);
}

} // namespace

int runEval(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Evaluate translated images as the paper does: SSIM and LPIPS against their "
                                        "rendered inputs (paired by relative path), KID against real photos."));
    parser.addHelpOption();
    parser.addOptions({
        {"generated", tr("Folder of generated (translated) images."), "DIR"},
        {"rendered", tr("Folder of the rendered inputs, same relative paths (any image extension)."), "DIR"},
        {"real", tr("Folder of real photos for KID (needs --inception-weights)."), "DIR"},
        {"lpips-weights", tr("lpips_alex.safetensors (see README, Evaluation); without it no LPIPS."), "FILE"},
        {"inception-weights", tr("fid_inception.safetensors (see README, Evaluation), for KID."), "FILE"},
        {"cache-dir", tr("Folder for the Inception feature cache (default: inside the image folders)."), "DIR"},
        {"json", tr("Write the report as JSON."), "FILE"},
        {"csv", tr("Write the per-image values as CSV."), "FILE"},
        {"device", tr("auto, cpu or cuda."), "DEVICE", "auto"},
        {"batch-size", tr("Images per network batch."), "N", "8"},
        {"max-megapixels", tr("Largest image; larger ones are refused before they are decoded."), "MP", "100"},
    });
    CliOptions::addVerboseOption(parser);
    parser.process(arguments);

    const metrics::Evaluation evaluation(evaluationOptions(parser), imaging::evaluationIo(CliOptions::readOptions(parser)));
    const core::JobLog::Scope log(CliOptions::log(parser));
    const auto report = evaluation.run([](const metrics::EvaluationProgress& progress) {
        print(stderr, QString("\r%1 %2/%3").arg(QString::fromStdString(progress.phase)).arg(progress.done).arg(progress.total));
        if (progress.done == progress.total)
            print(stderr, "\n");
    });
    if (parser.isSet("json"))
        metrics::Evaluation::writeJson(report, NativeArguments::toNative(parser.value("json")));
    if (parser.isSet("csv"))
        metrics::Evaluation::writeCsv(report, NativeArguments::toNative(parser.value("csv")));
    printReport(report);
    return 0;
}

} // namespace fr2r::cli
