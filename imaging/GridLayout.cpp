#include "imaging/GridLayout.h"

#include "core/api/Error.h"

#include <algorithm>
#include <string>

namespace fr2r::imaging {

namespace {

int maxWidth(const std::vector<GridSize>& sizes)
{
    int width = 0;
    for (const auto& size : sizes)
        width = std::max(width, size.width);
    return width;
}

int maxHeight(const std::vector<GridSize>& sizes)
{
    int height = 0;
    for (const auto& size : sizes)
        height = std::max(height, size.height);
    return height;
}

// The space a band of labels takes: its extent plus padding, nothing when the band is empty.
int band(int extent, int padding)
{
    return extent > 0 ? extent + padding : 0;
}

GridRect box(int x, int y, GridSize size)
{
    return size.isEmpty() ? GridRect {} : GridRect { x, y, size.width, size.height };
}

void checkCount(const std::vector<GridSize>& sizes, size_t expected, const char* what)
{
    if (!sizes.empty() && sizes.size() != expected)
        throw InvalidArgumentError(std::string("grid has ") + std::to_string(sizes.size()) + " " + what + ", expected "
                                   + std::to_string(expected));
}

void checkMetrics(const GridMetrics& m)
{
    if (m.rows <= 0 || m.columns <= 0 || m.cell.isEmpty())
        throw InvalidArgumentError("grid needs at least one row, one column and a non-empty cell size");
    checkCount(m.rowLabels, size_t(m.rows), "row labels");
    checkCount(m.columnLabels, size_t(m.columns), "column labels");
    checkCount(m.captions, size_t(m.rows) * m.columns, "captions");
}

// Cells, captions and the labels tied to them; margins and label bands must be set already.
void placeCells(const GridMetrics& m, int captionGap, GridLayout& layout)
{
    const int first = m.hasInput ? 1 : 0;
    const int rowPitch = layout.cellHeight + layout.captionHeight + layout.gap;
    const int columnPitch = layout.cellWidth + layout.gap;
    auto centredOver = [&](int column, GridSize size) {
        return layout.marginLeft + column * columnPitch + (layout.cellWidth - size.width) / 2;
    };
    const int labelBottom = layout.marginTop - m.padding;
    if (m.hasInput) {
        layout.inputCell = { layout.marginLeft, layout.marginTop, layout.cellWidth, layout.cellHeight };
        layout.inputLabelBox = box(centredOver(0, m.inputLabel), labelBottom - m.inputLabel.height, m.inputLabel);
    }
    for (int c = 0; c < m.columns && !m.columnLabels.empty(); ++c) {
        const GridSize size = m.columnLabels[size_t(c)];
        layout.columnLabelBoxes.push_back(box(centredOver(first + c, size), labelBottom - size.height, size));
    }
    for (int r = 0; r < m.rows; ++r) {
        const int y = layout.marginTop + r * rowPitch;
        if (!m.rowLabels.empty()) {
            const GridSize size = m.rowLabels[size_t(r)];
            layout.rowLabelBoxes.push_back(
                box(layout.marginLeft - m.padding - size.width, y + (layout.cellHeight - size.height) / 2, size));
        }
        for (int c = 0; c < m.columns; ++c) {
            layout.cells.push_back(
                { layout.marginLeft + (first + c) * columnPitch, y, layout.cellWidth, layout.cellHeight });
            if (!m.captions.empty()) {
                const GridSize size = m.captions[size_t(r) * m.columns + c];
                layout.captionBoxes.push_back(
                    box(centredOver(first + c, size), y + layout.cellHeight + captionGap, size));
            }
        }
    }
}

// Titles go last: the image grows to the right / bottom when a title is larger than the grid.
void placeTitles(const GridMetrics& m, GridLayout& layout)
{
    const int first = m.hasInput ? 1 : 0;
    const int sweepLeft = layout.marginLeft + first * (layout.cellWidth + layout.gap);
    const int sweepWidth = m.columns * layout.cellWidth + (m.columns - 1) * layout.gap;
    const int rowsHeight = m.rows * (layout.cellHeight + layout.captionHeight) + (m.rows - 1) * layout.gap;
    const int columnTitleY = m.padding + band(m.title.height, m.padding);
    const int columnTitleX = std::max(m.padding, sweepLeft + (sweepWidth - m.columnTitle.width) / 2);
    layout.columnTitleBox = box(columnTitleX, columnTitleY, m.columnTitle);
    const int rowTitleY = std::max(layout.marginTop, layout.marginTop + (rowsHeight - m.rowTitle.height) / 2);
    layout.rowTitleBox = box(m.padding, rowTitleY, m.rowTitle);

    const int gridRight
        = layout.marginLeft + layout.totalColumns() * layout.cellWidth + (layout.totalColumns() - 1) * layout.gap;
    const int needRight = std::max({ gridRight, m.title.width + m.padding, layout.columnTitleBox.right() }) + m.padding;
    layout.marginRight = needRight - gridRight;
    layout.width = needRight;
    layout.titleBox = box((layout.width - m.title.width) / 2, m.padding, m.title);
    const int gridBottom = layout.marginTop + rowsHeight;
    layout.marginBottom = std::max(gridBottom, layout.rowTitleBox.bottom()) + m.padding - gridBottom;
    layout.height = gridBottom + layout.marginBottom;
}

} // namespace

bool GridRect::intersects(const GridRect& other) const
{
    return !isEmpty() && !other.isEmpty() && x < other.right() && other.x < right() && y < other.bottom()
        && other.y < bottom();
}

int GridLayout::cellAt(int x, int y) const
{
    for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i].contains(x, y))
            return static_cast<int>(i);
    return -1;
}

GridLayout GridLayout::compute(const GridMetrics& m)
{
    checkMetrics(m);
    GridLayout layout;
    layout.rows = m.rows;
    layout.columns = m.columns;
    layout.cellWidth = m.cell.width;
    layout.cellHeight = m.cell.height;
    layout.gap = m.gap;
    const int captionGap = m.padding / 3;
    const int captionText = maxHeight(m.captions);
    layout.captionHeight = captionText > 0 ? captionGap + captionText + captionGap : 0;
    layout.marginLeft = m.padding + band(m.rowTitle.width, m.padding) + band(maxWidth(m.rowLabels), m.padding);
    const int labelBand = std::max(maxHeight(m.columnLabels), m.hasInput ? m.inputLabel.height : 0);
    layout.marginTop = m.padding + band(m.title.height, m.padding) + band(m.columnTitle.height, m.padding)
        + band(labelBand, m.padding);
    placeCells(m, captionGap, layout);
    placeTitles(m, layout);
    return layout;
}

} // namespace fr2r::imaging
