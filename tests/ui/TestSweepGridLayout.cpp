#include "ui/sweep/SweepGridLayout.h"

#include <QTest>

using fr2r::imaging::GridMetrics;
using fr2r::imaging::GridSize;
using fr2r::ui::SweepGridLayout;

class TestSweepGridLayout : public QObject
{
    Q_OBJECT

private:
    // Label sizes as a 15 px font would measure them.
    static GridMetrics metrics(int rows, int columns, bool captions, bool input)
    {
        GridMetrics m;
        m.rows = rows;
        m.columns = columns;
        m.hasInput = input;
        m.padding = 6;
        m.gap = 4;
        m.rowTitle = {15, 130};
        m.columnTitle = {90, 15};
        m.inputLabel = input ? GridSize{35, 15} : GridSize{};
        m.rowLabels.assign(size_t(rows), GridSize{24, 15});
        m.columnLabels.assign(size_t(columns), GridSize{24, 15});
        if (captions)
            m.captions.assign(size_t(rows) * columns, GridSize{70, 15});
        return m;
    }

    static QVector<QRect> labelRects(const SweepGridLayout& layout, int rows, int columns)
    {
        QVector<QRect> labels{layout.rowTitleRect(), layout.columnTitleRect()};
        for (int r = 0; r < rows; ++r)
            labels.push_back(layout.rowLabelRect(r));
        for (int c = 0; c < columns; ++c)
            labels.push_back(layout.columnLabelRect(c));
        if (!layout.inputLabelRect().isEmpty())
            labels.push_back(layout.inputLabelRect());
        return labels;
    }

private Q_SLOTS:
    void labelsNeverOverlapCells_data();
    void labelsNeverOverlapCells();
    void cellsKeepImageAspect();
    void hitTestFindsEveryCell_data();
    void hitTestFindsEveryCell();
    void hitTestMissesGapsAndLabels();
    void tooSmallAreaIsEmpty();
    void minimumAreaFitsGrid();
};

void TestSweepGridLayout::labelsNeverOverlapCells_data()
{
    QTest::addColumn<QSize>("area");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("columns");
    QTest::addColumn<QSize>("image");
    QTest::addColumn<bool>("captions");
    QTest::addColumn<bool>("input");
    QTest::newRow("6x4 portrait, captions, input") << QSize(900, 900) << 6 << 4 << QSize(768, 1024) << true << true;
    QTest::newRow("2x3 square") << QSize(400, 300) << 2 << 3 << QSize(64, 64) << false << false;
    QTest::newRow("1x1 landscape, wide area") << QSize(1600, 300) << 1 << 1 << QSize(1024, 512) << true << false;
    QTest::newRow("12x12 tall area") << QSize(700, 1900) << 12 << 12 << QSize() << true << true;
}

void TestSweepGridLayout::labelsNeverOverlapCells()
{
    QFETCH(QSize, area);
    QFETCH(int, rows);
    QFETCH(int, columns);
    QFETCH(QSize, image);
    QFETCH(bool, captions);
    QFETCH(bool, input);
    const SweepGridLayout layout(area, image, metrics(rows, columns, captions, input));
    QVERIFY(!layout.isEmpty());
    QVERIFY(QRect(QPoint(), area).contains(layout.contentRect()));

    QVector<QRect> cells;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            cells.push_back(layout.cellRect(r, c));
            if (captions)
                cells.push_back(layout.captionRect(r, c));
        }
    }
    if (input)
        cells.push_back(layout.inputRect());
    const QVector<QRect> labels = labelRects(layout, rows, columns);
    for (const QRect& label : labels) {
        QVERIFY(!label.isEmpty());
        QVERIFY(layout.contentRect().contains(label));
        for (const QRect& cell : cells)
            QVERIFY(!label.intersects(cell));
    }
    for (int i = 0; i < labels.size(); ++i) {
        for (int j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels[i].intersects(labels[j]), qPrintable(QStringLiteral("labels %1 and %2").arg(i).arg(j)));
    }
    for (int i = 0; i < cells.size(); ++i) {
        for (int j = i + 1; j < cells.size(); ++j)
            QVERIFY(!cells[i].intersects(cells[j]));
    }
}

void TestSweepGridLayout::cellsKeepImageAspect()
{
    const SweepGridLayout layout(QSize(1000, 800), QSize(768, 1024), metrics(3, 4, false, false));
    const QSize cell = layout.cellSize();
    QVERIFY(qAbs(double(cell.width()) / cell.height() - 0.75) < 0.02);
}

void TestSweepGridLayout::hitTestFindsEveryCell_data()
{
    QTest::addColumn<bool>("captions");
    QTest::addColumn<bool>("input");
    QTest::newRow("plain") << false << false;
    QTest::newRow("captions and input") << true << true;
}

void TestSweepGridLayout::hitTestFindsEveryCell()
{
    QFETCH(bool, captions);
    QFETCH(bool, input);
    const SweepGridLayout layout(QSize(800, 600), QSize(64, 64), metrics(2, 3, captions, input));
    for (int r = 0; r < 2; ++r) {
        for (int c = 0; c < 3; ++c) {
            const QRect cell = layout.cellRect(r, c);
            for (const QPoint& p : {cell.topLeft(), cell.center(), cell.bottomRight()}) {
                const auto hit = layout.hitTest(p);
                QVERIFY(hit.has_value());
                QCOMPARE(hit->row, r);
                QCOMPARE(hit->column, c);
            }
        }
    }
}

void TestSweepGridLayout::hitTestMissesGapsAndLabels()
{
    const SweepGridLayout layout(QSize(800, 600), QSize(64, 64), metrics(2, 3, true, true));
    QVERIFY(!layout.hitTest(layout.cellRect(0, 0).topRight() + QPoint(1, 0)).has_value());
    QVERIFY(!layout.hitTest(layout.captionRect(1, 2).center()).has_value());
    QVERIFY(!layout.hitTest(layout.rowLabelRect(1).center()).has_value());
    QVERIFY(!layout.hitTest(layout.columnLabelRect(2).center()).has_value());
    QVERIFY(!layout.hitTest(layout.inputRect().center()).has_value());
    QVERIFY(!layout.hitTest(QPoint(-5, -5)).has_value());
}

void TestSweepGridLayout::tooSmallAreaIsEmpty()
{
    const SweepGridLayout layout(QSize(60, 40), QSize(64, 64), metrics(6, 4, true, false));
    QVERIFY(layout.isEmpty());
    QVERIFY(!layout.hitTest(QPoint(30, 20)).has_value());
    QVERIFY(layout.contentRect().isEmpty());
    QVERIFY(layout.cellRect(0, 0).isEmpty()); // asked for by cells arriving while the dock is this small
    QVERIFY(layout.captionRect(5, 3).isEmpty());
    QVERIFY(SweepGridLayout().isEmpty());
}

void TestSweepGridLayout::minimumAreaFitsGrid()
{
    const QSize minimum = SweepGridLayout::minimumArea(metrics(6, 4, true, false), 24);
    const SweepGridLayout layout(minimum, QSize(), metrics(6, 4, true, false));
    QVERIFY(!layout.isEmpty());
    QCOMPARE(layout.cellSize(), QSize(24, 24));
    QCOMPARE(layout.contentRect(), QRect(QPoint(0, 0), minimum));
}

QTEST_GUILESS_MAIN(TestSweepGridLayout)
#include "TestSweepGridLayout.moc"
