#pragma once

// imaging's readers, area resize and SSIM as the evaluation takes them (metrics stays OpenCV-free, imaging
// metrics-free); the CLI's eval command and the Evaluate dialog both hand in this one set.

#include "core/api/EvaluationIo.h"
#include "imaging/ImageFile.h"
#include "imaging/ImageResize.h"
#include "imaging/Ssim.h"

namespace fr2r::imaging {

inline core::EvaluationIo evaluationIo(const ReadOptions& readOptions = {})
{
    core::EvaluationIo io;
    io.listImages = listImages;
    io.readImage = [readOptions](const std::string& path) { return readImage(path, readOptions); };
    io.resizeArea = [](const ImageBuffer& image, int width, int height) {
        return resizeImage(image, width, height, ResizeFilter::Area);
    };
    io.ssim = [](const ImageBuffer& a, const ImageBuffer& b) { return ssim(a, b).value; };
    return io;
}

} // namespace fr2r::imaging
