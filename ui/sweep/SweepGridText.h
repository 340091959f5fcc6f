#pragma once

#include "core/api/ImageBuffer.h"
#include "imaging/GridLayout.h"

#include <QFont>
#include <QString>

namespace fr2r::ui {

// The labels of an exported sweep grid, drawn with Qt in the application's font so that every language
// (CJK included) and every symbol ("γ", "·", "×") prints as it reads on screen. Sizes follow the cell, so
// the grid reads the same at any resolution; a label wider than its space is drawn in a smaller font,
// never squeezed. Each label is black on white, for imaging's composer to paste.
class SweepGridText
{
public:
    SweepGridText(const QFont& font, fr2r::imaging::GridSize cell);

    fr2r::ImageBuffer label(const QString& text, int maxWidth) const;     // axis values, "Input"
    fr2r::ImageBuffer axisTitle(const QString& text, int maxWidth) const; // bold
    fr2r::ImageBuffer caption(const QString& text, int maxWidth) const;   // smaller, under a cell
    fr2r::ImageBuffer title(const QString& text, int wrapWidth) const;    // bold, wrapped at words, lines centred

    // One line in font, shrunk until it fits maxWidth; a null buffer for empty text.
    static fr2r::ImageBuffer render(const QString& text, QFont font, int maxWidth);

private:
    QFont m_label;
    QFont m_axis;
    QFont m_caption;
};

} // namespace fr2r::ui
