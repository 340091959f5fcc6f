#pragma once

#include "core/api/EngineSettings.h"
#include "core/api/JobLog.h"
#include "core/api/RigParams.h"
#include "imaging/ImageFile.h"

#include <QCommandLineParser>
#include <QStringList>

namespace fr2r::cli {

// The options every fashionr2r-cli command shares, read into the core's settings.
class CliOptions
{
public:
    static void addModelOptions(QCommandLineParser& parser);  // --model --tokenizer --device --dtype
    static void addEngineOptions(QCommandLineParser& parser); // those, --pack, --negative-embedding and --lora
    static void addParameterOptions(QCommandLineParser& parser);

    // Throw InvalidArgumentError with a message naming the option.
    static core::EngineSettings modelSettings(const QCommandLineParser& parser);
    static core::EngineSettings engineSettings(const QCommandLineParser& parser);
    static core::RigParams rigParams(const QCommandLineParser& parser);
    static imaging::ReadOptions readOptions(const QCommandLineParser& parser); // --max-megapixels
    static double number(const QCommandLineParser& parser, const QString& option);
    static std::vector<double> numberList(const QCommandLineParser& parser, const QString& option);

    static void addVerboseOption(QCommandLineParser& parser);
    // What the core decided, on stderr: warnings always, the rest with --verbose.
    static core::LogCallback log(const QCommandLineParser& parser);
};

} // namespace fr2r::cli
