#include "core/api/Error.h"
#include "imaging/GridComposer.h"
#include "imaging/LabelRenderer.h"

#include <QtTest>

using fr2r::ImageBuffer;
using fr2r::imaging::GridImage;
using fr2r::imaging::GridLayout;
using fr2r::imaging::GridRect;
using fr2r::imaging::GridSpec;
using fr2r::imaging::GridText;

namespace {

ImageBuffer filled(int width, int height, uint8_t r, uint8_t g, uint8_t b)
{
    ImageBuffer image(width, height);
    for (size_t i = 0; i < image.pixels.size(); i += 3) {
        image.pixels[i] = r;
        image.pixels[i + 1] = g;
        image.pixels[i + 2] = b;
    }
    return image;
}

std::array<int, 3> pixelAt(const ImageBuffer& image, int x, int y)
{
    const uint8_t* p = image.row(y) + 3 * x;
    return { p[0], p[1], p[2] };
}

// A 2 x 3 strength x gamma sweep with every optional part, cell (1, 2) missing.
GridSpec sweepSpec(int cellWidth, int cellHeight)
{
    GridSpec spec;
    spec.rows = 2;
    spec.columns = 3;
    for (int i = 0; i < 6; ++i)
        spec.cells.push_back(i == 5 ? ImageBuffer() : filled(cellWidth, cellHeight, uint8_t(40 * i), 90, 160));
    spec.title = "RealisticVision 5.1 | a woman in a red dress | 20 steps, CFG 7";
    spec.rowTitle = "Denoising strength";
    spec.columnTitle = "TAC ratio γ";
    spec.rowLabels = { "0.30", "0.50" };
    spec.columnLabels = { "0.00", "0.50", "1.00" };
    for (int i = 0; i < 6; ++i)
        spec.captions.push_back(i == 5 ? "" : "SSIM 0.87" + std::to_string(i));
    spec.input = filled(cellWidth / 2, cellHeight / 2, 10, 200, 10);
    return spec;
}

std::vector<GridRect> labelBoxes(const GridLayout& layout)
{
    std::vector<GridRect> boxes = { layout.titleBox, layout.rowTitleBox, layout.columnTitleBox, layout.inputLabelBox };
    for (const auto* group : { &layout.rowLabelBoxes, &layout.columnLabelBoxes, &layout.captionBoxes })
        boxes.insert(boxes.end(), group->begin(), group->end());
    return boxes;
}

} // namespace

class TestGridComposer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sizeIsCellsPlusMargins_data();
    void sizeIsCellsPlusMargins();
    void labelsLieInsideAndOffCells();
    void drawsCellsMissingCellsAndInput();
    void resizesCellsToCellSize();
    void mapsClicksToCells();
    void wrapsLongTitles();
    void drawsPreRenderedLabels();
    void spellsOutGreekLetters();
    void rejectsInconsistentSpecs();
};

void TestGridComposer::sizeIsCellsPlusMargins_data()
{
    QTest::addColumn<int>("cellWidth");
    QTest::addColumn<int>("cellHeight");
    QTest::newRow("64x96") << 64 << 96;
    QTest::newRow("128x128") << 128 << 128;
    QTest::newRow("512x384") << 512 << 384;
}

void TestGridComposer::sizeIsCellsPlusMargins()
{
    QFETCH(int, cellWidth);
    QFETCH(int, cellHeight);
    const GridImage grid = fr2r::imaging::composeGrid(sweepSpec(cellWidth, cellHeight));
    const GridLayout& layout = grid.layout;
    QCOMPARE(grid.image.width, layout.width);
    QCOMPARE(grid.image.height, layout.height);
    QCOMPARE(layout.totalColumns(), 4); // input column + 3
    QCOMPARE(layout.width, layout.marginLeft + 4 * cellWidth + 3 * layout.gap + layout.marginRight);
    QCOMPARE(layout.height,
             layout.marginTop + 2 * (cellHeight + layout.captionHeight) + layout.gap + layout.marginBottom);
    QVERIFY(layout.captionHeight > 0);
    QCOMPARE(layout.cells.size(), size_t(6));
    for (const auto& cell : layout.cells) {
        QCOMPARE(cell.width, cellWidth);
        QCOMPARE(cell.height, cellHeight);
    }
}

void TestGridComposer::labelsLieInsideAndOffCells()
{
    const GridImage grid = fr2r::imaging::composeGrid(sweepSpec(96, 128));
    const GridLayout& layout = grid.layout;
    const GridRect image { 0, 0, layout.width, layout.height };
    std::vector<GridRect> cells = layout.cells;
    cells.push_back(layout.inputCell);
    const auto labels = labelBoxes(layout);
    int drawn = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const GridRect& box = labels[i];
        if (box.isEmpty())
            continue;
        ++drawn;
        QVERIFY2(box.x >= 0 && box.y >= 0 && box.right() <= image.width && box.bottom() <= image.height,
                 qPrintable(QString("label %1 leaves the image").arg(i)));
        for (const auto& cell : cells)
            QVERIFY2(!box.intersects(cell), qPrintable(QString("label %1 overlaps a cell").arg(i)));
        for (size_t j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!box.intersects(labels[j]), qPrintable(QString("labels %1 and %2 overlap").arg(i).arg(j)));
    }
    QCOMPARE(drawn, 4 + 2 + 3 + 5); // titles, input label, row and column labels, five captions
}

void TestGridComposer::drawsCellsMissingCellsAndInput()
{
    const GridSpec spec = sweepSpec(64, 64);
    const GridImage grid = fr2r::imaging::composeGrid(spec);
    const GridLayout& layout = grid.layout;
    QCOMPARE(pixelAt(grid.image, 0, 0), (std::array<int, 3> { 255, 255, 255 }));
    const GridRect& first = layout.cells[1];
    QCOMPARE(pixelAt(grid.image, first.x + 3, first.y + 5), (std::array<int, 3> { 40, 90, 160 }));
    const GridRect& missing = layout.cells[5];
    QCOMPARE(pixelAt(grid.image, missing.x + missing.width / 2, missing.y + missing.height / 2),
             (std::array<int, 3> { 220, 220, 220 }));
    const GridRect& input = layout.inputCell;
    QCOMPARE(input.width, 64);
    QCOMPARE(pixelAt(grid.image, input.x + 32, input.y + 32), (std::array<int, 3> { 10, 200, 10 }));
    QVERIFY(layout.captionBoxes[5].isEmpty());
    // Some dark text pixels inside the column title's box.
    const GridRect& title = layout.columnTitleBox;
    int dark = 0;
    for (int y = title.y; y < title.bottom(); ++y)
        for (int x = title.x; x < title.right(); ++x)
            dark += pixelAt(grid.image, x, y)[0] < 128;
    QVERIFY(dark > 20);
}

void TestGridComposer::resizesCellsToCellSize()
{
    GridSpec spec = sweepSpec(48, 64);
    spec.cellSize = { 192, 256 };
    const GridImage grid = fr2r::imaging::composeGrid(spec);
    QCOMPARE(grid.layout.cellWidth, 192);
    QCOMPARE(grid.layout.cellHeight, 256);
    const GridRect& cell = grid.layout.cells[1];
    for (const auto& [x, y] : { std::pair { cell.x, cell.y }, std::pair { cell.right() - 1, cell.bottom() - 1 } })
        QCOMPARE(pixelAt(grid.image, x, y), (std::array<int, 3> { 40, 90, 160 }));
    const GridRect& input = grid.layout.inputCell;
    QCOMPARE(pixelAt(grid.image, input.right() - 1, input.bottom() - 1), (std::array<int, 3> { 10, 200, 10 }));
}

void TestGridComposer::mapsClicksToCells()
{
    const GridLayout layout = fr2r::imaging::composeGrid(sweepSpec(80, 60)).layout;
    for (int i = 0; i < 6; ++i) {
        const GridRect& cell = layout.cells[size_t(i)];
        QCOMPARE(layout.cellAt(cell.x, cell.y), i);
        QCOMPARE(layout.cellAt(cell.right() - 1, cell.bottom() - 1), i);
    }
    QCOMPARE(layout.cellAt(0, 0), -1);
    QCOMPARE(layout.cellAt(layout.inputCell.x + 1, layout.inputCell.y + 1), -1);
    QCOMPARE(layout.cellAt(layout.cells[0].right() + layout.gap / 2, layout.cells[0].y), -1);
}

void TestGridComposer::wrapsLongTitles()
{
    GridSpec spec = sweepSpec(64, 64);
    spec.title = "short";
    const GridLayout shortTitle = fr2r::imaging::composeGrid(spec).layout;
    std::string title(40, 'x');
    for (int i = 0; i < 12; ++i)
        title += " word" + std::to_string(i);
    spec.title = title;
    const GridLayout longTitle = fr2r::imaging::composeGrid(spec).layout;
    QCOMPARE(longTitle.width, shortTitle.width); // the words wrap instead of widening the grid
    QVERIFY(longTitle.titleBox.height > 2 * shortTitle.titleBox.height);
    QVERIFY(longTitle.titleBox.right() <= longTitle.width);
}

void TestGridComposer::drawsPreRenderedLabels()
{
    GridSpec spec = sweepSpec(64, 64);
    spec.columnTitle = GridText(filled(30, 12, 255, 0, 0));
    const GridImage grid = fr2r::imaging::composeGrid(spec);
    const GridRect& box = grid.layout.columnTitleBox;
    QCOMPARE(box.width, 30);
    QCOMPARE(box.height, 12);
    QCOMPARE(pixelAt(grid.image, box.x + 15, box.y + 6), (std::array<int, 3> { 255, 0, 0 }));
}

void TestGridComposer::spellsOutGreekLetters()
{
    QCOMPARE(fr2r::imaging::asciiFallback("TAC ratio γ"), std::string("TAC ratio gamma"));
    QCOMPARE(fr2r::imaging::asciiFallback("2×2 – ok ☃"), std::string("2x2 - ok ?"));
    QCOMPARE(fr2r::imaging::asciiFallback("bad \xff byte"), std::string("bad ? byte"));
}

void TestGridComposer::rejectsInconsistentSpecs()
{
    GridSpec spec = sweepSpec(32, 32);
    spec.rowLabels.pop_back();
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, fr2r::imaging::composeGrid(spec));
    spec = sweepSpec(32, 32);
    spec.cells[2] = filled(33, 32, 0, 0, 0);
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, fr2r::imaging::composeGrid(spec));
    spec = sweepSpec(32, 32);
    spec.cells.pop_back();
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, fr2r::imaging::composeGrid(spec));
    spec = GridSpec();
    spec.rows = 1;
    spec.columns = 1;
    spec.cells.resize(1);
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, fr2r::imaging::composeGrid(spec));
}

QTEST_GUILESS_MAIN(TestGridComposer)
#include "TestGridComposer.moc"
