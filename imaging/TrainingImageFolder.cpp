#include "imaging/TrainingImageFolder.h"

#include "core/api/Error.h"
#include "imaging/ImageFile.h"
#include "imaging/ImageResize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fr2r::imaging {
namespace {

std::string captionBeside(const std::filesystem::path& image, const std::string& defaultPrompt)
{
    std::ifstream stream(std::filesystem::path(image).replace_extension(".txt"));
    if (!stream)
        return defaultPrompt;
    std::stringstream text;
    text << stream.rdbuf();
    std::string caption = text.str();
    const auto first = caption.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return defaultPrompt;
    return caption.substr(first, caption.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

ImageBuffer resizeAndCenterCrop(const ImageBuffer& image, int side)
{
    const double scale = static_cast<double>(side) / std::min(image.width, image.height);
    const int width = std::max(side, static_cast<int>(std::lround(image.width * scale)));
    const int height = std::max(side, static_cast<int>(std::lround(image.height * scale)));
    const ImageBuffer resized = resizeImage(image, width, height);
    ImageBuffer cropped(side, side);
    const int left = (width - side) / 2, top = (height - side) / 2;
    for (int y = 0; y < side; ++y)
        std::memcpy(cropped.row(y), resized.row(top + y) + static_cast<size_t>(left) * 3, static_cast<size_t>(side) * 3);
    return cropped;
}

void refusePackAroundInputs(const std::string& pack, const std::vector<std::string>& inputs)
{
    namespace fs = std::filesystem;
    const fs::path target = fs::weakly_canonical(fs::u8path(pack));
    for (const auto& input : inputs) {
        const fs::path source = fs::weakly_canonical(fs::u8path(input));
        const auto [end, rest] = std::mismatch(source.begin(), source.end(), target.begin(), target.end());
        if (end == source.end() || rest == target.end()) // one holds the other
            throw InvalidArgumentError(pack + ": the pack would land in or around the input folder " + input);
    }
}

TrainingImageFolder TrainingImageFolder::read(const std::string& folder, int resolution,
                                              const std::string& defaultPrompt, size_t minimumImages)
{
    TrainingImageFolder result;
    for (const auto& relative : listImages(folder)) {
        const auto path = std::filesystem::u8path(folder) / std::filesystem::u8path(relative);
        try {
            result.examples.push_back({resizeAndCenterCrop(readImage(path.u8string()), resolution),
                                       captionBeside(path, defaultPrompt)});
        } catch (const Error& error) {
            result.skipped.push_back(relative + ": " + error.what());
        }
    }
    if (result.examples.size() < minimumImages)
        throw InvalidArgumentError(folder + ": " + std::to_string(result.examples.size()) + " readable images, at least "
                                   + std::to_string(minimumImages) + " needed to train");
    return result;
}

} // namespace fr2r::imaging
