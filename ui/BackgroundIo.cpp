#include "ui/BackgroundIo.h"

#include "imaging/ImageFile.h"
#include "ui/AppSettings.h"
#include "ui/ResultFile.h"

#include <QDir>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

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

// Runs task on pool; the callback it returns then runs on context's thread, only while context lives.
void runThenCallback(QThreadPool& pool, QObject* context, std::function<std::function<void()>()> task)
{
    QPointer<QObject> guard(context);
    (void)QtConcurrent::run(&pool, [guard, task = std::move(task)] {
        std::function<void()> callback = task();
        if (guard)
            QMetaObject::invokeMethod(guard, [guard, callback = std::move(callback)] {
                if (guard)
                    callback();
            }, Qt::QueuedConnection);
    });
}

// Decodes on the pool thread; the budget is read on the caller's, where the settings live.
void readOnPool(QThreadPool& pool, QObject* context, const QString& path, int maxSide, BackgroundIo::ReadDone done)
{
    const std::string file = QDir::toNativeSeparators(path).toStdString();
    runThenCallback(pool, context, [file, maxSide, options = AppSettings().imageReadOptions(), done = std::move(done)] {
        fr2r::ImageBuffer image;
        QString error;
        try {
            image = maxSide > 0 ? fr2r::imaging::readThumbnail(file, maxSide, options)
                                : fr2r::imaging::readImage(file, options);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        return std::function<void()>([done, image = std::move(image), error] { done(image, error); });
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
    runThenCallback(*QThreadPool::globalInstance(), context, [path, image, params, metadata, done = std::move(done)] {
        QString error;
        try {
            ResultFile::save(path, image, params, metadata);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        return std::function<void()>([done, error] { done(error); });
    });
}

} // namespace fr2r::ui
