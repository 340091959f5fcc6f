#pragma once

#include "core/ImageBuffer.h"
#include "core/diffusion/RigMetadata.h"
#include "core/diffusion/RigParams.h"

#include <QObject>
#include <QString>

#include <functional>

namespace fr2r::ui {

// File reads and writes on Qt's global pool; the answer comes back on context's thread, and not
// at all once context is gone. error is empty on success and otherwise says what went wrong.
class BackgroundIo
{
public:
    using ReadDone = std::function<void(const fr2r::ImageBuffer& image, const QString& error)>;
    using WriteDone = std::function<void(const QString& error)>;

    static void readImage(QObject* context, const QString& path, ReadDone done);
    static void writeResult(QObject* context, const QString& path, const fr2r::ImageBuffer& image,
                            const fr2r::core::RigParams& params, const fr2r::core::RigMetadata& metadata,
                            WriteDone done);
};

} // namespace fr2r::ui
