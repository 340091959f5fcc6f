#pragma once

#include "core/api/ImageBuffer.h"
#include "core/api/RigMetadata.h"
#include "core/api/RigParams.h"

#include <QString>

namespace fr2r::ui {

// A translated image on disk, as the CLI writes it (imaging::writeResult), seen from the ui.
// Blocking file I/O: call from a worker thread. Throws fr2r::Error naming the file.
class ResultFile
{
public:
    static void save(const QString& path, const fr2r::ImageBuffer& image, const fr2r::core::RigParams& params,
                     fr2r::core::RigMetadata metadata);
    static fr2r::core::RigParams readParams(const QString& path);
};

} // namespace fr2r::ui
