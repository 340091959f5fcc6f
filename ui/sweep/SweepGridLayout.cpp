#include "ui/sweep/SweepGridLayout.h"

#include <algorithm>

namespace fr2r::ui {

using fr2r::imaging::GridLayout;
using fr2r::imaging::GridMetrics;
using fr2r::imaging::GridRect;

SweepGridLayout::SweepGridLayout(const QSize& area, const QSize& imageSize, GridMetrics metrics)
{
    if (metrics.rows <= 0 || metrics.columns <= 0)
        return;
    // Margins do not depend on the cell size: measure them once with a unit cell.
    metrics.cell = {1, 1};
    const GridLayout probe = GridLayout::compute(metrics);
    const int columns = probe.totalColumns();
    const int availableWidth = area.width() - probe.marginLeft - metrics.padding - (columns - 1) * probe.gap;
    const int availableHeight = area.height() - probe.marginTop - metrics.padding
                                - metrics.rows * probe.captionHeight - (metrics.rows - 1) * probe.gap;
    const double aspect = imageSize.isEmpty() ? 1.0 : double(imageSize.width()) / imageSize.height();
    const double height = std::min(double(availableWidth) / columns / aspect, double(availableHeight) / metrics.rows);
    const int cellWidth = int(height * aspect);
    const int cellHeight = int(height);
    // A cell under one pixel means the area is too small to draw the grid in.
    if (cellWidth < 1 || cellHeight < 1)
        return;
    metrics.cell = {cellWidth, cellHeight};
    m_grid = GridLayout::compute(metrics);
    m_offset = QPoint(std::max(0, (area.width() - m_grid.width) / 2), std::max(0, (area.height() - m_grid.height) / 2));
}

QRect SweepGridLayout::toRect(const GridRect& box) const
{
    if (box.isEmpty())
        return {};
    return QRect(box.x + m_offset.x(), box.y + m_offset.y(), box.width, box.height);
}

QRect SweepGridLayout::cellRect(int row, int column) const
{
    // A dock too small for the grid has no cells: cells that arrive meanwhile have no place yet.
    if (row < 0 || column < 0 || column >= m_grid.columns || size_t(row) * m_grid.columns + column >= m_grid.cells.size())
        return {};
    return toRect(m_grid.cells[size_t(row) * m_grid.columns + column]);
}

QRect SweepGridLayout::captionRect(int row, int column) const
{
    const QRect cell = cellRect(row, column);
    return QRect(cell.left(), cell.bottom() + 1, cell.width(), m_grid.captionHeight);
}

QRect SweepGridLayout::rowLabelRect(int row) const
{
    return m_grid.rowLabelBoxes.empty() ? QRect() : toRect(m_grid.rowLabelBoxes[size_t(row)]);
}

QRect SweepGridLayout::columnLabelRect(int column) const
{
    return m_grid.columnLabelBoxes.empty() ? QRect() : toRect(m_grid.columnLabelBoxes[size_t(column)]);
}

QRect SweepGridLayout::rowTitleRect() const
{
    return toRect(m_grid.rowTitleBox);
}

QRect SweepGridLayout::columnTitleRect() const
{
    return toRect(m_grid.columnTitleBox);
}

QRect SweepGridLayout::inputRect() const
{
    return toRect(m_grid.inputCell);
}

QRect SweepGridLayout::inputLabelRect() const
{
    return toRect(m_grid.inputLabelBox);
}

QRect SweepGridLayout::contentRect() const
{
    return isEmpty() ? QRect() : QRect(m_offset, QSize(m_grid.width, m_grid.height));
}

std::optional<SweepGridLayout::CellIndex> SweepGridLayout::hitTest(const QPoint& position) const
{
    const int index = m_grid.cellAt(position.x() - m_offset.x(), position.y() - m_offset.y());
    if (index < 0)
        return std::nullopt;
    return CellIndex{index / m_grid.columns, index % m_grid.columns};
}

QSize SweepGridLayout::minimumArea(GridMetrics metrics, int minimumCellSide)
{
    metrics.cell = {minimumCellSide, minimumCellSide};
    const GridLayout layout = GridLayout::compute(metrics);
    return QSize(layout.width, layout.height);
}

} // namespace fr2r::ui
