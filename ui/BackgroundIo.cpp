#include "ui/BackgroundIo.h"

#include "imaging/ImageFile.h"
#include "ui/ResultFile.h"

#include <QDir>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace fr2r::ui {

void BackgroundIo::readImage(QObject* context, const QString& path, ReadDone done)
{
    QPointer<QObject> guard(context);
    (void)QtConcurrent::run([guard, path, done = std::move(done)] {
        fr2r::ImageBuffer image;
        QString error;
        try {
            image = fr2r::imaging::readImage(QDir::toNativeSeparators(path).toStdString());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (guard)
            QMetaObject::invokeMethod(guard, [guard, done, image = std::move(image), error] {
                if (guard)
                    done(image, error);
            }, Qt::QueuedConnection);
    });
}

void BackgroundIo::writeResult(QObject* context, const QString& path, const fr2r::ImageBuffer& image,
                               const fr2r::core::RigParams& params, const fr2r::core::RigMetadata& metadata,
                               WriteDone done)
{
    QPointer<QObject> guard(context);
    (void)QtConcurrent::run([guard, path, image, params, metadata, done = std::move(done)] {
        QString error;
        try {
            ResultFile::save(path, image, params, metadata);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        if (guard)
            QMetaObject::invokeMethod(guard, [guard, done, error] {
                if (guard)
                    done(error);
            }, Qt::QueuedConnection);
    });
}

} // namespace fr2r::ui
