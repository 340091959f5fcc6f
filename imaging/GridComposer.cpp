#include "imaging/GridComposer.h"

#include "core/api/Error.h"
#include "imaging/ImageResize.h"
#include "imaging/LabelRenderer.h"
#include "imaging/MatConversion.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <string>

namespace fr2r::imaging {

namespace {

const cv::Scalar kMissingCell = cv::Scalar::all(220);

// Text sizes and spacing scaled to the cell, so the grid reads the same at any resolution.
struct GridStyle
{
    TextStyle label;
    TextStyle axis; // bolder, for the title and axis titles
    TextStyle caption;
    int padding = 0;
    int gap = 0;
};

// Every label rendered (CV_8UC3 RGB), empty matrices for absent ones.
struct RenderedLabels
{
    cv::Mat title, rowTitle, columnTitle, inputLabel;
    std::vector<cv::Mat> rowLabels, columnLabels, captions;
};

GridStyle styleForCell(GridSize cell)
{
    // 28 px capitals on 512x512 cells (A1111 uses a (w + h) / 25 px font): readable at 50 % zoom.
    const int capHeight = std::max(10, (cell.width + cell.height) / 36);
    const int thickness = std::max(1, capHeight / 18);
    GridStyle style;
    style.label = TextStyle::forHeight(capHeight, thickness);
    style.axis = TextStyle::forHeight(capHeight, thickness + (capHeight >= 16 ? 1 : 0)); // bold only where legible
    style.caption = TextStyle::forHeight(std::max(8, capHeight * 4 / 5), thickness);
    style.padding = std::max(4, capHeight / 2);
    style.gap = std::max(2, capHeight / 6);
    return style;
}

cv::Mat renderLabel(const GridText& text, const TextStyle& style)
{
    return text.image.isNull() ? renderText(text.text, style) : rgbView(text.image).clone();
}

std::vector<cv::Mat> renderLabels(const std::vector<GridText>& texts, const TextStyle& style, int maxWidth,
                                  int maxHeight)
{
    std::vector<cv::Mat> labels;
    for (const auto& text : texts)
        labels.push_back(fitWithin(renderLabel(text, style), maxWidth, maxHeight));
    return labels;
}

GridSize sizeOf(const cv::Mat& label)
{
    return { label.cols, label.rows };
}

std::vector<GridSize> sizesOf(const std::vector<cv::Mat>& labels)
{
    std::vector<GridSize> sizes;
    for (const auto& label : labels)
        sizes.push_back(sizeOf(label));
    return sizes;
}

GridSize checkedCellSize(const GridSpec& spec)
{
    if (spec.rows <= 0 || spec.columns <= 0 || spec.cells.size() != size_t(spec.rows) * spec.columns)
        throw InvalidArgumentError("grid of " + std::to_string(spec.rows) + "x" + std::to_string(spec.columns)
                                   + " needs rows * columns cells, got " + std::to_string(spec.cells.size()));
    GridSize cell;
    for (size_t i = 0; i < spec.cells.size(); ++i) {
        const ImageBuffer& image = spec.cells[i];
        if (image.isNull())
            continue;
        if (cell.isEmpty())
            cell = { image.width, image.height };
        else if (image.width != cell.width || image.height != cell.height)
            throw InvalidArgumentError("grid cell " + std::to_string(i) + " is " + std::to_string(image.width) + "x"
                                       + std::to_string(image.height) + ", the others " + std::to_string(cell.width)
                                       + "x" + std::to_string(cell.height));
    }
    if (!spec.cellSize.isEmpty())
        return spec.cellSize;
    if (cell.isEmpty() && !spec.input.isNull())
        cell = { spec.input.width, spec.input.height };
    if (cell.isEmpty())
        throw InvalidArgumentError("grid has no image at all: nothing to size the cells by");
    return cell;
}

RenderedLabels renderAll(const GridSpec& spec, const GridStyle& style, GridSize cell)
{
    RenderedLabels labels;
    const int rowsHeight = spec.rows * cell.height + (spec.rows - 1) * style.gap;
    labels.rowTitle = renderLabel(spec.rowTitle, style.axis);
    if (!labels.rowTitle.empty())
        cv::rotate(labels.rowTitle, labels.rowTitle, cv::ROTATE_90_COUNTERCLOCKWISE);
    labels.rowTitle = fitWithin(labels.rowTitle, cell.width, rowsHeight);
    labels.columnTitle = renderLabel(spec.columnTitle, style.axis);
    labels.inputLabel = spec.input.isNull()
        ? cv::Mat()
        : fitWithin(renderLabel(spec.inputLabel, style.label), cell.width, cell.height);
    labels.rowLabels = renderLabels(spec.rowLabels, style.label, cell.width, cell.height);
    labels.columnLabels = renderLabels(spec.columnLabels, style.label, cell.width, cell.height);
    labels.captions = renderLabels(spec.captions, style.caption, cell.width, cell.height);
    return labels;
}

GridMetrics measure(const GridSpec& spec, const RenderedLabels& labels, const GridStyle& style, GridSize cell)
{
    GridMetrics metrics;
    metrics.rows = spec.rows;
    metrics.columns = spec.columns;
    metrics.hasInput = !spec.input.isNull();
    metrics.cell = cell;
    metrics.padding = style.padding;
    metrics.gap = style.gap;
    metrics.title = sizeOf(labels.title);
    metrics.rowTitle = sizeOf(labels.rowTitle);
    metrics.columnTitle = sizeOf(labels.columnTitle);
    metrics.inputLabel = sizeOf(labels.inputLabel);
    metrics.rowLabels = sizesOf(labels.rowLabels);
    metrics.columnLabels = sizesOf(labels.columnLabels);
    metrics.captions = sizesOf(labels.captions);
    return metrics;
}

void paste(cv::Mat& canvas, const cv::Mat& label, const GridRect& box)
{
    if (!label.empty() && !box.isEmpty())
        label.copyTo(canvas(cv::Rect(box.x, box.y, box.width, box.height)));
}

void pasteAll(cv::Mat& canvas, const std::vector<cv::Mat>& labels, const std::vector<GridRect>& boxes)
{
    for (size_t i = 0; i < labels.size() && i < boxes.size(); ++i)
        paste(canvas, labels[i], boxes[i]);
}

// image at the box's size: pasted as it is when it has it already, else resized.
void pasteResized(cv::Mat& canvas, const ImageBuffer& image, const GridRect& box)
{
    if (image.width == box.width && image.height == box.height)
        paste(canvas, rgbView(image), box);
    else
        paste(canvas, rgbView(resizeImage(image, box.width, box.height)), box);
}

void drawCells(cv::Mat& canvas, const GridSpec& spec, const GridLayout& layout)
{
    for (size_t i = 0; i < layout.cells.size(); ++i) {
        const GridRect& box = layout.cells[i];
        if (spec.cells[i].isNull())
            canvas(cv::Rect(box.x, box.y, box.width, box.height)).setTo(kMissingCell);
        else
            pasteResized(canvas, spec.cells[i], box);
    }
    if (!spec.input.isNull())
        pasteResized(canvas, spec.input, layout.inputCell);
}

} // namespace

GridImage composeGrid(const GridSpec& spec)
{
    const GridSize cell = checkedCellSize(spec);
    const GridStyle style = styleForCell(cell);
    RenderedLabels labels = renderAll(spec, style, cell);
    // The title wraps to the width the rest of the grid takes.
    const int titleWidth = GridLayout::compute(measure(spec, labels, style, cell)).width - 2 * style.padding;
    labels.title = spec.title.image.isNull() ? renderWrappedText(spec.title.text, style.axis, titleWidth)
                                             : rgbView(spec.title.image).clone();
    GridImage grid;
    grid.layout = GridLayout::compute(measure(spec, labels, style, cell));
    grid.image = ImageBuffer(grid.layout.width, grid.layout.height);
    cv::Mat canvas = rgbView(grid.image);
    canvas.setTo(cv::Scalar::all(255));
    drawCells(canvas, spec, grid.layout);
    paste(canvas, labels.title, grid.layout.titleBox);
    paste(canvas, labels.rowTitle, grid.layout.rowTitleBox);
    paste(canvas, labels.columnTitle, grid.layout.columnTitleBox);
    paste(canvas, labels.inputLabel, grid.layout.inputLabelBox);
    pasteAll(canvas, labels.rowLabels, grid.layout.rowLabelBoxes);
    pasteAll(canvas, labels.columnLabels, grid.layout.columnLabelBoxes);
    pasteAll(canvas, labels.captions, grid.layout.captionBoxes);
    return grid;
}

} // namespace fr2r::imaging
