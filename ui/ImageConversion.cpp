#include "ui/ImageConversion.h"

#include <cstring>

namespace fr2r::ui {

QImage ImageConversion::toQImage(const fr2r::ImageBuffer& buffer)
{
    if (buffer.isNull())
        return {};
    QImage image(buffer.width, buffer.height, QImage::Format_RGB888);
    const size_t rowBytes = static_cast<size_t>(buffer.width) * 3;
    for (int y = 0; y < buffer.height; ++y)
        std::memcpy(image.scanLine(y), buffer.row(y), rowBytes);
    return image;
}

fr2r::ImageBuffer ImageConversion::toBuffer(const QImage& image)
{
    if (image.isNull())
        return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    fr2r::ImageBuffer buffer(rgb.width(), rgb.height());
    const size_t rowBytes = static_cast<size_t>(rgb.width()) * 3;
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(buffer.row(y), rgb.constScanLine(y), rowBytes);
    return buffer;
}

} // namespace fr2r::ui
