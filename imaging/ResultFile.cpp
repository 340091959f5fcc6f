#include "imaging/ResultFile.h"

#include "core/api/Error.h"
#include "imaging/FileBytes.h"
#include "imaging/PngWriter.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

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

bool isCompleteResult(const std::string& path, const std::string& inputSha256, const core::RigParams& params)
{
    std::error_code error;
    if (inputSha256.empty() || !std::filesystem::is_regular_file(std::filesystem::u8path(path), error))
        return false;
    try {
        const std::vector<uint8_t> bytes = readFileBytes(path, "cannot check the result");
        const auto text = readPngText(bytes, path);
        const auto settings = text.find(core::kSettingsChunk);
        if (settings == text.end() || core::sourceHashFromJson(settings->second) != inputSha256 ||
            core::paramsFromJson(settings->second) != params)
            return false;
        return !cv::imdecode(bytes, cv::IMREAD_UNCHANGED).empty();
    } catch (const Error&) {
        return false; // unreadable or malformed: redo it
    } catch (const cv::Exception&) {
        return false;
    }
}

} // namespace fr2r::imaging
