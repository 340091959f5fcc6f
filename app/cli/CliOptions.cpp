#include "cli/CliOptions.h"

#include "cli/NativeArguments.h"

#include "core/api/Error.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstdio>

namespace fr2r::cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::CliOptions", text);
}

QString readResource(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

double CliOptions::number(const QCommandLineParser& parser, const QString& option)
{
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok)
        throw InvalidArgumentError(("--" + option + " expects a number, got '" + parser.value(option) + "'").toStdString());
    return value;
}

void CliOptions::addModelOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {"model", tr("Stable Diffusion 1.x model: diffusers folder or single .safetensors file."), "PATH"},
        {"tokenizer", tr("Folder with CLIP's vocab.json and merges.txt (default: the shipped vocabulary)."), "DIR"},
        {"device", tr("auto, cpu or cuda."), "DEVICE", "auto"},
        {"dtype", tr("auto, fp32, fp16 or bf16."), "DTYPE", "auto"},
    });
    addVerboseOption(parser);
}

void CliOptions::addEngineOptions(QCommandLineParser& parser)
{
    addModelOptions(parser);
    parser.addOptions({
        {"pack", tr("Domain pack folder (fashionr2r-cli train): its LoRA and rendered-domain embedding."), "DIR"},
        {"negative-embedding", tr("Rendered-domain textual-inversion embedding (.safetensors); overrides the pack's."), "FILE"},
        {"lora", tr("LoRA file, optionally with a multiplier: FILE[:M]. Repeatable."), "FILE[:M]"},
    });
}

void CliOptions::addParameterOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {"strength", tr("Denoising strength: higher is more realistic, changes more."), "S", "0.3"},
        {"gamma", tr("TAC ratio: higher keeps more of the render's texture."), "G", "0.9"},
        {"steps", tr("DDIM steps N."), "N", "50"},
        {"guidance", tr("Guidance against the rendered domain."), "W", "7.5"},
        {"prompt", tr("Positive prompt."), "TEXT", ""},
        {"size", tr("Working size: the long side in pixels (64..2048)."), "PX", "1024"},
        {"preview-size", tr("A quick look: run at this long side instead of --size when it is smaller (same "
                            "pipeline, exact at its size). --skip-existing never takes a preview for a result."),
         "PX"},
        {"keep-size", tr("Scale the result back to the input's size.")},
        {"max-megapixels", tr("Largest input image; larger ones are refused before they are decoded."), "MP", "100"},
    });
}

void CliOptions::addVerboseOption(QCommandLineParser& parser)
{
    parser.addOption({{"v", "verbose"}, tr("Print what the core decides (configuration inferred, tokenizer, LoRA "
                                           "modules matched, tiling, attention plans, precision) on stderr.")});
}

core::LogCallback CliOptions::log(const QCommandLineParser& parser)
{
    const bool verbose = parser.isSet("verbose");
    return [verbose](core::LogLevel level, const std::string& message) {
        if (verbose || level == core::LogLevel::Warning)
            std::fprintf(stderr, "[%s] %s\n", core::toString(level).c_str(), message.c_str());
    };
}

core::EngineSettings CliOptions::modelSettings(const QCommandLineParser& parser)
{
    core::EngineSettings settings;
    if (!parser.isSet("model"))
        throw InvalidArgumentError("--model is required: a diffusers folder or a .safetensors checkpoint");
    settings.modelPath = NativeArguments::toNative(parser.value("model"));
    settings.tokenizerPath = NativeArguments::toNative(parser.value("tokenizer"));
    settings.shippedVocabJson = readResource(":/clip/vocab.json").toStdString();
    settings.shippedMerges = readResource(":/clip/merges.txt").toStdString();
    settings.device = core::parseDeviceChoice(parser.value("device").toStdString());
    settings.precision = core::parsePrecisionChoice(parser.value("dtype").toStdString());
    return settings;
}

core::EngineSettings CliOptions::engineSettings(const QCommandLineParser& parser)
{
    core::EngineSettings settings = modelSettings(parser);
    settings.packPath = NativeArguments::toNative(parser.value("pack"));
    settings.negativeEmbeddingPath = NativeArguments::toNative(parser.value("negative-embedding"));
    for (const QString& lora : parser.values("lora")) {
        const int colon = lora.lastIndexOf(':');
        bool ok = false;
        const double multiplier = colon > 1 ? lora.mid(colon + 1).toDouble(&ok) : 1.0;
        settings.loras.push_back({NativeArguments::toNative(ok ? lora.left(colon) : lora), ok ? multiplier : 1.0});
    }
    return settings;
}

core::RigParams CliOptions::rigParams(const QCommandLineParser& parser)
{
    core::RigParams params;
    params.strength = number(parser, "strength");
    params.gamma = number(parser, "gamma");
    params.steps = static_cast<int>(number(parser, "steps"));
    params.guidance = number(parser, "guidance");
    // composed (NFC), as CLIP's tokenizer expects
    params.positivePrompt = parser.value("prompt").normalized(QString::NormalizationForm_C).toStdString();
    params.workingSize = static_cast<int>(number(parser, "size"));
    if (parser.isSet("preview-size"))
        params.workingSize = std::min(params.workingSize, static_cast<int>(number(parser, "preview-size")));
    params.restoreInputSize = parser.isSet("keep-size");
    params.validate();
    return params;
}

imaging::ReadOptions CliOptions::readOptions(const QCommandLineParser& parser)
{
    const double megapixels = number(parser, "max-megapixels");
    if (!(megapixels > 0.0 && megapixels <= 1e6))
        throw InvalidArgumentError("--max-megapixels expects a number of megapixels above 0, got '"
                                   + parser.value("max-megapixels").toStdString() + "'");
    imaging::ReadOptions options;
    options.maxPixels = static_cast<int64_t>(megapixels * 1e6);
    options.limitSetting = "--max-megapixels";
    return options;
}

std::vector<double> CliOptions::numberList(const QCommandLineParser& parser, const QString& option)
{
    std::vector<double> values;
    for (const QString& item : parser.value(option).split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        values.push_back(item.trimmed().toDouble(&ok));
        if (!ok)
            throw InvalidArgumentError(("--" + option + " expects numbers separated by commas").toStdString());
    }
    if (values.empty())
        throw InvalidArgumentError(("--" + option + " needs at least one value").toStdString());
    return values;
}

} // namespace fr2r::cli
