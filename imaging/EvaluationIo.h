#pragma once

// imaging's readers, area resize and SSIM as the evaluation takes them (metrics stays OpenCV-free);
// the CLI's eval command and the Evaluate dialog both hand in this one set.

#include "imaging/ImageFile.h"
#include "imaging/ImageResize.h"
#include "imaging/Ssim.h"
#include "metrics/Evaluation.h"

namespace fr2r::imaging {

inline metrics::EvaluationIo evaluationIo(const ReadOptions& readOptions = {})
{
    metrics::EvaluationIo io;
    io.listImages = listImages;
    io.readImage = [readOptions](const std::string& path) { return readImage(path, readOptions); };
    io.resizeArea = [](const ImageBuffer& image, int width, int height) {
        return resizeImage(image, width, height, ResizeFilter::Area);
    };
    io.ssim = [](const ImageBuffer& a, const ImageBuffer& b) { return ssim(a, b).value; };
    return io;
}

} // namespace fr2r::imaging
