#pragma once

#include "imaging/GridLayout.h"

#include <QPoint>
#include <QRect>
#include <QSize>

#include <optional>

namespace fr2r::ui {

// The sweep grid view's geometry for one widget size: imaging's GridLayout (the one the exported
// PNG uses) with the largest cell that fits the widget, centred in it. Pure geometry, so hit
// testing and label placement are testable without painting.
class SweepGridLayout
{
public:
    struct CellIndex
    {
        int row = -1;
        int column = -1;
    };

    SweepGridLayout() = default;
    // metrics: measured labels, padding and gap; its cell size is ignored and chosen here so that
    // the grid fills area with cells of imageSize's aspect (square when imageSize is empty).
    SweepGridLayout(const QSize& area, const QSize& imageSize, fr2r::imaging::GridMetrics metrics);

    bool isEmpty() const { return m_grid.cells.empty(); }
    const fr2r::imaging::GridLayout& grid() const { return m_grid; }
    QSize cellSize() const { return QSize(m_grid.cellWidth, m_grid.cellHeight); }

    QRect cellRect(int row, int column) const;
    QRect captionRect(int row, int column) const; // the whole band under the cell
    QRect rowLabelRect(int row) const;
    QRect columnLabelRect(int column) const;
    QRect rowTitleRect() const; // the text is drawn turned by -90 degrees inside it
    QRect columnTitleRect() const;
    QRect inputRect() const;      // empty without an input column
    QRect inputLabelRect() const;
    QRect contentRect() const;    // everything drawn
    std::optional<CellIndex> hitTest(const QPoint& position) const;

    // The smallest area that shows every label and cells of minimumCellSide pixels.
    static QSize minimumArea(fr2r::imaging::GridMetrics metrics, int minimumCellSide);

private:
    QRect toRect(const fr2r::imaging::GridRect& box) const;

    fr2r::imaging::GridLayout m_grid;
    QPoint m_offset; // widget position of the grid image's top-left corner
};

} // namespace fr2r::ui
