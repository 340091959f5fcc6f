#include "ui/ResultFile.h"

#include "core/api/Error.h"
#include "imaging/PngWriter.h"
#include "imaging/ResultFile.h"

#include <QDir>
#include <QFileInfo>

#include <utility>

namespace fr2r::ui {

void ResultFile::save(const QString& path, const fr2r::ImageBuffer& image, const fr2r::core::RigParams& params,
                      fr2r::core::RigMetadata metadata)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        throw fr2r::Error(folder.toStdString() + ": cannot create the output folder (check its permissions)");
    fr2r::imaging::writeResult(QDir::toNativeSeparators(path).toStdString(), image, params, std::move(metadata));
}

fr2r::core::RigParams ResultFile::readParams(const QString& path)
{
    const auto chunks = fr2r::imaging::readPngText(QDir::toNativeSeparators(path).toStdString());
    const auto settings = chunks.find(fr2r::core::kSettingsChunk);
    if (settings == chunks.end())
        throw fr2r::Error(path.toStdString() + ": no \"fr2r\" parameters in this PNG (it was not saved by FashionR2R)");
    return fr2r::core::paramsFromJson(settings->second);
}

} // namespace fr2r::ui
