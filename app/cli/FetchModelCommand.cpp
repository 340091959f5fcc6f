#include "cli/Commands.h"
#include "cli/TerminalProgress.h"
#include "core/api/Error.h"
#include "hub/ModelDownloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>

namespace fr2r::cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::cli::FetchModelCommand", text);
}

} // namespace

int runFetchModel(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Download Stable Diffusion 1.5 from the Hugging Face hub into a new folder (diffusers layout, fp16 "
           "safetensors, every file's SHA-256 checked). An interrupted download resumes when run again with the same "
           "-o; a proxy is taken from https_proxy, a token from HF_TOKEN."));
    parser.addHelpOption();
    parser.addOptions({{"repo", tr("Repository id."), "ID", hub::ModelDownloader::defaultRepo()},
                       {"endpoint", tr("Address of the hub (default: $HF_ENDPOINT, else https://huggingface.co)."), "URL",
                        hub::ModelDownloader::defaultEndpoint()},
                       {{"o", "output"}, tr("The model folder to create; it must not exist yet."), "DIR"}});
    parser.process(arguments);
    if (!parser.isSet("output") || parser.positionalArguments().size() != 1)
        throw InvalidArgumentError("fetch-model needs -o DIR (a new folder) and no other arguments");

    hub::ModelDownloader downloader;
    downloader.setRepo(parser.value("repo"));
    downloader.setEndpoint(parser.value("endpoint"));
    TerminalProgress progress(1);
    std::string file;
    QString folder;
    QString error;
    QEventLoop loop;
    QObject::connect(&downloader, &hub::ModelDownloader::fileStarted, [&file](const QString& path) { file = path.toStdString(); });
    QObject::connect(&downloader, &hub::ModelDownloader::progressChanged,
                     [&](qint64 done, qint64 total, double eta) { progress.updateBytes(done, total, eta, file); });
    QObject::connect(&downloader, &hub::ModelDownloader::succeeded, &loop, [&](const QString& path) {
        folder = path;
        loop.quit();
    });
    QObject::connect(&downloader, &hub::ModelDownloader::failed, &loop, [&](const QString& message) {
        error = message;
        loop.quit();
    });
    downloader.start(parser.value("output")); // a refused target throws before anything is written
    loop.exec();
    progress.finish();
    if (folder.isEmpty()) {
        std::fprintf(stderr, "fashionr2r-cli: %s\n", error.toLocal8Bit().constData());
        return 1;
    }
    std::printf("%s\n", tr("Downloaded %1 to %2; use it with --model %2").arg(parser.value("repo"), folder).toLocal8Bit().constData());
    return 0;
}

} // namespace fr2r::cli
