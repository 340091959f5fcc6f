#pragma once

#include "core/api/ImageBuffer.h"
#include "imaging/GridLayout.h"

#include <string>
#include <utility>
#include <vector>

namespace fr2r::imaging {

// A label: an image the caller rendered (the application draws its labels with QPainter, so every script
// and symbol prints), pasted as it is; or, for callers without a font engine (the command line), text drawn
// with OpenCV's ASCII-only Hershey font (Greek letters spelled out: "TAC ratio γ" prints "TAC ratio gamma").
struct GridText
{
    std::string text; // UTF-8
    ImageBuffer image; // used when not null

    GridText() = default;
    GridText(std::string utf8)
        : text(std::move(utf8))
    {
    }
    GridText(const char* utf8)
        : text(utf8)
    {
    }
    explicit GridText(ImageBuffer rendered)
        : image(std::move(rendered))
    {
    }
    bool isEmpty() const { return text.empty() && image.isNull(); }
};

// A sweep grid (A1111's X/Y plot, more readable): rows x columns cells of one size under a title,
// axis titles and per-row / per-column labels.
struct GridSpec
{
    int rows = 0;
    int columns = 0;
    std::vector<ImageBuffer> cells; // rows * columns, row-major; a null buffer is a missing cell (light grey)
    GridSize cellSize; // empty: the cells' own size; else every cell and the input are resized to it
    GridText title; // wrapped to the grid's width
    GridText rowTitle; // e.g. "Denoising strength", drawn rotated left of the row labels
    GridText columnTitle; // e.g. "TAC ratio gamma", centred above the column labels
    std::vector<GridText> rowLabels; // empty or rows entries ("0.30")
    std::vector<GridText> columnLabels; // empty or columns entries
    std::vector<GridText> captions; // empty or rows * columns, under each cell ("SSIM 0.873")
    ImageBuffer input; // when not null: the first column, resized to the cell size
    GridText inputLabel = "Input";
};

struct GridImage
{
    ImageBuffer image;
    GridLayout layout;
};

// Renders the grid on white: font size proportional to the cell size, margins from the measured labels
// so nothing is clipped; column labels and captions wider than a cell are shrunk to fit it. Throws
// InvalidArgumentError when there are no cells, cells differ in size or label counts do not match.
GridImage composeGrid(const GridSpec& spec);

} // namespace fr2r::imaging
