#pragma once

#include <vector>

namespace fr2r::imaging {

struct GridSize
{
    int width = 0;
    int height = 0;
    bool isEmpty() const { return width <= 0 || height <= 0; }
};

// An axis-aligned box in grid image pixels; empty (0x0) for a label that is absent.
struct GridRect
{
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    bool isEmpty() const { return width <= 0 || height <= 0; }
    int right() const { return x + width; } // exclusive
    int bottom() const { return y + height; } // exclusive
    bool contains(int px, int py) const { return px >= x && px < right() && py >= y && py < bottom(); }
    bool intersects(const GridRect& other) const;
};

// What the layout is computed from: the cell size, spacing and the measured size of every label (empty
// for absent ones). Label vectors are either empty or hold rows / columns / rows * columns entries.
struct GridMetrics
{
    int rows = 0;
    int columns = 0;
    bool hasInput = false; // an extra first column with the input image
    GridSize cell;
    int padding = 0; // around the image and between label bands
    int gap = 0; // between cells
    GridSize title;
    GridSize rowTitle; // already rotated: drawn left of the row labels
    GridSize columnTitle;
    GridSize inputLabel;
    std::vector<GridSize> rowLabels;
    std::vector<GridSize> columnLabels;
    std::vector<GridSize> captions; // row-major, under each cell
};

// Where everything of a sweep grid lies. Always
//   width  == marginLeft + n * cellWidth + (n - 1) * gap + marginRight, n = columns + (input column ? 1 : 0)
//   height == marginTop + rows * (cellHeight + captionHeight) + (rows - 1) * gap + marginBottom.
struct GridLayout
{
    int width = 0;
    int height = 0;
    int rows = 0;
    int columns = 0;
    int cellWidth = 0;
    int cellHeight = 0;
    int gap = 0;
    int captionHeight = 0; // band under every cell's row, 0 without captions
    int marginLeft = 0;
    int marginTop = 0;
    int marginRight = 0;
    int marginBottom = 0;
    GridRect inputCell; // empty without an input column
    std::vector<GridRect> cells; // row-major, rows * columns
    GridRect titleBox;
    GridRect rowTitleBox;
    GridRect columnTitleBox;
    GridRect inputLabelBox;
    std::vector<GridRect> rowLabelBoxes; // empty rects for absent labels
    std::vector<GridRect> columnLabelBoxes;
    std::vector<GridRect> captionBoxes; // row-major

    int totalColumns() const { return columns + (inputCell.isEmpty() ? 0 : 1); }
    // Index into cells of the cell under (x, y), or -1 (margins, gaps, captions, input column).
    int cellAt(int x, int y) const;

    // Throws InvalidArgumentError when the metrics are inconsistent (no cells, label counts that do not match).
    static GridLayout compute(const GridMetrics& metrics);
};

} // namespace fr2r::imaging
