#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"

#include <QObject>
#include <QString>

#include <functional>

namespace fr2r::ui {

// File reads and writes off the GUI thread (AsyncTask); the answer comes back on context's thread, and not at all once
// context is gone. error is empty on success and otherwise says what went wrong. Image reads respect the pixel
// budget of AppSettings and run one at a time, so the GUI never holds more than one full-size decode in flight
// besides the running job; thumbnails have a queue of their own, also one at a time.
class BackgroundIo
{
public:
    using ReadDone = std::function<void(const fr2r::ImageBuffer& image, const QString& error)>;
    using WriteDone = std::function<void(const QString& error)>;
    using ParamsDone = std::function<void(const fr2r::core::RigParams& params, const QString& error)>;

    static void readImage(QObject* context, const QString& path, ReadDone done);
    // The image scaled to fit maxSide x maxSide (aspect kept), decoded at reduced size where the format allows.
    static void readThumbnail(QObject* context, const QString& path, int maxSide, ReadDone done);
    // A result as the CLI writes it (imaging::writeResult: atomic PNG with parameter chunks), its folder created.
    static void writeResult(QObject* context, const QString& path, const fr2r::ImageBuffer& image,
                            const fr2r::core::RigParams& params, const fr2r::core::RigMetadata& metadata,
                            WriteDone done);
    // The parameters a result was made with, from its "fr2r" chunk; an error for any other PNG.
    static void readResultParams(QObject* context, const QString& path, ParamsDone done);
};

} // namespace fr2r::ui
