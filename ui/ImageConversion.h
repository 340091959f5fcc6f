#pragma once

#include "core/api/ImageBuffer.h"

#include <QImage>

namespace fr2r::ui {

// The one place where the core's RGB buffers and Qt's images meet.
class ImageConversion
{
public:
    static QImage toQImage(const fr2r::ImageBuffer& buffer);   // deep copy, Format_RGB888
    static fr2r::ImageBuffer toBuffer(const QImage& image);    // any format; alpha is dropped
};

} // namespace fr2r::ui
