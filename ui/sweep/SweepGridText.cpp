#include "ui/sweep/SweepGridText.h"

#include "ui/ImageConversion.h"

#include <QFontMetrics>
#include <QImage>
#include <QPainter>

#include <algorithm>

namespace fr2r::ui {

namespace {

constexpr int kMinimumPixelSize = 6;
constexpr int kTextFlags = Qt::AlignCenter | Qt::TextWordWrap;

QFont withPixelSize(QFont font, int pixelSize, bool bold)
{
    font.setPixelSize(std::max(kMinimumPixelSize, pixelSize));
    font.setBold(bold);
    return font;
}

// Black text on white in a box of size; antialiased, like the rest of the window's text.
fr2r::ImageBuffer paint(const QString& text, const QFont& font, const QSize& size, int flags)
{
    QImage image(size, QImage::Format_RGB888);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setFont(font);
    painter.setPen(Qt::black);
    painter.drawText(QRect(QPoint(0, 0), size), flags, text);
    painter.end();
    return ImageConversion::toBuffer(image);
}

// A little room on both sides: antialiased glyphs and italics reach past their advance.
int sideMargin(const QFontMetrics& metrics)
{
    return std::max(1, metrics.height() / 8);
}

} // namespace

SweepGridText::SweepGridText(const QFont& font, fr2r::imaging::GridSize cell)
{
    // About 20 px text on 256 px cells, 40 px on 512 px ones (A1111 uses (w + h) / 25 px): readable at 50 % zoom.
    const int pixelSize = std::max(12, (cell.width + cell.height) / 25);
    m_label = withPixelSize(font, pixelSize, false);
    m_axis = withPixelSize(font, pixelSize, true);
    m_caption = withPixelSize(font, pixelSize * 4 / 5, false);
}

fr2r::ImageBuffer SweepGridText::label(const QString& text, int maxWidth) const
{
    return render(text, m_label, maxWidth);
}

fr2r::ImageBuffer SweepGridText::axisTitle(const QString& text, int maxWidth) const
{
    return render(text, m_axis, maxWidth);
}

fr2r::ImageBuffer SweepGridText::caption(const QString& text, int maxWidth) const
{
    return render(text, m_caption, maxWidth);
}

fr2r::ImageBuffer SweepGridText::title(const QString& text, int wrapWidth) const
{
    if (text.isEmpty())
        return {};
    const QFontMetrics metrics(m_axis);
    const int margin = sideMargin(metrics);
    const int width = std::max(1, wrapWidth - 2 * margin);
    const QRect bounds = metrics.boundingRect(QRect(0, 0, width, 0), kTextFlags, text);
    return paint(text, m_axis, QSize(bounds.width() + 2 * margin, bounds.height()), kTextFlags);
}

fr2r::ImageBuffer SweepGridText::render(const QString& text, QFont font, int maxWidth)
{
    if (text.isEmpty())
        return {};
    for (;;) {
        const QFontMetrics metrics(font);
        const QSize size(metrics.horizontalAdvance(text) + 2 * sideMargin(metrics), metrics.height());
        if (size.width() <= maxWidth || font.pixelSize() <= kMinimumPixelSize)
            return paint(text, font, size, Qt::AlignCenter);
        font.setPixelSize(std::max(kMinimumPixelSize, font.pixelSize() * maxWidth / size.width()));
    }
}

} // namespace fr2r::ui
