#include "imaging/ResultFile.h"

#include "imaging/PngWriter.h"

namespace fr2r::imaging {

void writeResult(const std::string& path, const ImageBuffer& image, const core::RigParams& params,
                 core::RigMetadata metadata)
{
    metadata.width = image.width;
    metadata.height = image.height;
    writePng(path, image,
             {{core::kParametersChunk, core::a1111Parameters(params, metadata)},
              {core::kSettingsChunk, core::settingsJson(params, metadata)}});
}

} // namespace fr2r::imaging
