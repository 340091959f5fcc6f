#include "support/PatternImages.h"

#include <QColor>
#include <QDir>
#include <QImage>

namespace fr2r::test {

QString writePatternImages(const QString& folder, int count, int shift)
{
    QDir().mkpath(folder);
    for (int i = 0; i < count; ++i) {
        QImage image(80, 64, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, QColor((x * 3 + shift + 40 * i) % 256, (y * 2 + shift) % 256, (x + y) % 256));
        if (!image.save(folder + QStringLiteral("/%1.png").arg(i)))
            qFatal("cannot write %s", qPrintable(folder));
    }
    return folder;
}

} // namespace fr2r::test
