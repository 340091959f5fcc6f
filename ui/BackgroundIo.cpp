#include "ui/BackgroundIo.h"

#include "core/api/Error.h"
#include "imaging/ImageFile.h"
#include "imaging/PngWriter.h"
#include "imaging/ResultFile.h"
#include "ui/AppSettings.h"
#include "ui/AsyncTask.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>

#include <utility>

namespace fr2r::ui {
namespace {

class BoundedPool : public QThreadPool
{
public:
    explicit BoundedPool(int threads) { setMaxThreadCount(threads); }
};

// Full-size decodes queue here: each may need hundreds of megabytes beside the model's.
QThreadPool& imagePool()
{
    static BoundedPool pool(1);
    return pool;
}

// Thumbnails of many dropped files queue here, so they neither stall nor multiply the full-size reads.
QThreadPool& thumbnailPool()
{
    static BoundedPool pool(1);
    return pool;
}

std::string nativePath(const QString& path)
{
    return QDir::toNativeSeparators(path).toStdString();
}

// A result's parameters from its "fr2r" chunk; throws fr2r::Error naming the file.
fr2r::core::RigParams resultParams(const QString& path)
{
    const auto chunks = fr2r::imaging::readPngText(nativePath(path));
    const auto settings = chunks.find(fr2r::core::kSettingsChunk);
    if (settings == chunks.end())
        throw fr2r::Error(path.toStdString() + ": no \"fr2r\" parameters in this PNG (it was not saved by FashionR2R)");
    return fr2r::core::paramsFromJson(settings->second);
}

// The result as the CLI writes it (imaging::writeResult), in a folder created if needed; throws fr2r::Error.
void saveResult(const QString& path, const fr2r::ImageBuffer& image, const fr2r::core::RigParams& params,
                const fr2r::core::RigMetadata& metadata)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        throw fr2r::Error(folder.toStdString() + ": cannot create the output folder (check its permissions)");
    fr2r::imaging::writeResult(nativePath(path), image, params, metadata);
}

struct ReadOutcome
{
    fr2r::ImageBuffer image;
    QString error;
};

// Decodes on the pool thread; the budget is read on the caller's, where the settings live.
void readOnPool(QThreadPool& pool, QObject* context, const QString& path, int maxSide, BackgroundIo::ReadDone done)
{
    const std::string file = nativePath(path);
    const auto read = [file, maxSide, options = AppSettings().imageReadOptions()] {
        ReadOutcome outcome;
        try {
            outcome.image = maxSide > 0 ? fr2r::imaging::readThumbnail(file, maxSide, options)
                                        : fr2r::imaging::readImage(file, options);
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        }
        return outcome;
    };
    AsyncTask::runThenCallback(&pool, read, context, [done = std::move(done)](const ReadOutcome& outcome) {
        done(outcome.image, outcome.error);
    });
}

} // namespace

void BackgroundIo::readImage(QObject* context, const QString& path, ReadDone done)
{
    readOnPool(imagePool(), context, path, 0, std::move(done));
}

void BackgroundIo::readThumbnail(QObject* context, const QString& path, int maxSide, ReadDone done)
{
    readOnPool(thumbnailPool(), context, path, maxSide, std::move(done));
}

void BackgroundIo::writeResult(QObject* context, const QString& path, const fr2r::ImageBuffer& image,
                               const fr2r::core::RigParams& params, const fr2r::core::RigMetadata& metadata,
                               WriteDone done)
{
    const auto write = [path, image, params, metadata]() -> QString {
        try {
            saveResult(path, image, params, metadata);
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    };
    AsyncTask::runThenCallback(write, context, std::move(done));
}

void BackgroundIo::readResultParams(QObject* context, const QString& path, ParamsDone done)
{
    using Answer = std::pair<fr2r::core::RigParams, QString>;
    const auto read = [path]() -> Answer {
        try {
            return {resultParams(path), {}};
        } catch (const std::exception& e) {
            return {{}, QString::fromStdString(e.what())};
        }
    };
    AsyncTask::runThenCallback(read, context,
                               [done = std::move(done)](const Answer& answer) { done(answer.first, answer.second); });
}

} // namespace fr2r::ui
