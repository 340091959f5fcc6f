#pragma once

#include "core/api/TrainingExample.h"

#include <string>
#include <vector>

namespace fr2r::imaging {

// A folder of training images, decoded for the core's trainer.
struct TrainingImageFolder
{
    static constexpr size_t kMinimumImages = 2; // one image teaches a LoRA that image, not a domain

    std::vector<core::TrainingExample> examples;
    std::vector<std::string> skipped; // "<relative path>: <why>" for every file that could not be read

    // Every image below folder, resized (short side) and center-cropped to resolution x resolution; the caption
    // of a.png is a.txt beside it (trimmed), else defaultPrompt. Unreadable files are listed in skipped. Throws
    // InvalidArgumentError when the folder holds fewer than minimumImages readable images, naming the folder.
    static TrainingImageFolder read(const std::string& folder, int resolution, const std::string& defaultPrompt,
                                    size_t minimumImages = 1);
};

// Throws InvalidArgumentError when the pack folder lies in or around one of the input folders.
void refusePackAroundInputs(const std::string& pack, const std::vector<std::string>& inputs);

// The image scaled so that its short side is side, then its center side x side.
ImageBuffer resizeAndCenterCrop(const ImageBuffer& image, int side);

} // namespace fr2r::imaging
