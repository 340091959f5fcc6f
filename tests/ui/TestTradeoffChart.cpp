#include "ui/sweep/TradeoffChart.h"

#include "imaging/ImageFile.h"
#include "ui/sweep/SweepGridModel.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using fr2r::ui::SweepGridModel;
using fr2r::ui::TradeoffChart;

class TestTradeoffChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneSeriesPerStrength_data();
    void oneSeriesPerStrength();
    void seriesFollowMetric();
    void exportWritesPng();
    void exportHasTitle();
    void legendStaysOutsideThePlot();
    void gammaTicksNeverRunTogether();
    void emptyChartUsesItsWidth();

private:
    // Pixels darker than any line or grid colour of the chart (text is black), in the top quarter's middle third.
    static int darkPixelsAtTopCentre(const QString& path);
};

int TestTradeoffChart::darkPixelsAtTopCentre(const QString& path)
{
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    int count = 0;
    for (int y = 0; y < png.height / 4; ++y) {
        for (int x = png.width / 3; x < 2 * png.width / 3; ++x) {
            const uint8_t* p = png.row(y) + 3 * x;
            count += p[0] < 100 && p[1] < 100 && p[2] < 100 ? 1 : 0;
        }
    }
    return count;
}

void TestTradeoffChart::oneSeriesPerStrength_data()
{
    QTest::addColumn<QVector<double>>("strengths");
    QTest::addColumn<QVector<double>>("gammas");
    QTest::newRow("defaults") << QVector<double>{0.3, 0.4, 0.5, 0.6, 0.7, 0.8} << QVector<double>{0, 0.3, 0.6, 0.9};
    QTest::newRow("2x3") << QVector<double>{0.3, 0.5} << QVector<double>{0, 0.45, 0.9};
    QTest::newRow("1x1") << QVector<double>{0.3} << QVector<double>{0.9};
}

void TestTradeoffChart::oneSeriesPerStrength()
{
    QFETCH(QVector<double>, strengths);
    QFETCH(QVector<double>, gammas);
    SweepGridModel model;
    TradeoffChart chart;
    chart.setModel(&model);
    QCOMPARE(chart.seriesCount(), 0);
    model.reset(strengths, gammas);
    QCOMPARE(chart.seriesCount(), strengths.size());
    model.reset({0.5}, gammas);
    QCOMPARE(chart.seriesCount(), 1);
}

void TestTradeoffChart::seriesFollowMetric()
{
    SweepGridModel model;
    TradeoffChart chart;
    chart.setModel(&model);
    model.reset({0.3, 0.5}, {0.9, 0.0, 0.45});
    model.setMetric(0, 0, SweepGridModel::Ssim, 0.8);
    model.setMetric(0, 1, SweepGridModel::Ssim, 0.6);
    model.setMetric(1, 2, SweepGridModel::Lpips, 0.2);
    QCOMPARE(chart.metric(), SweepGridModel::Ssim);
    QCOMPARE(chart.seriesPoints(0), (QVector<QPointF>{{0.0, 0.6}, {0.9, 0.8}}));
    QVERIFY(chart.seriesPoints(1).isEmpty());

    QSignalSpy changed(&chart, &TradeoffChart::metricChanged);
    chart.setMetric(SweepGridModel::Lpips);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(chart.seriesCount(), 2);
    QVERIFY(chart.seriesPoints(0).isEmpty());
    QCOMPARE(chart.seriesPoints(1), (QVector<QPointF>{{0.45, 0.2}}));
}

void TestTradeoffChart::exportWritesPng()
{
    QTemporaryDir dir;
    SweepGridModel model;
    TradeoffChart chart;
    chart.setModel(&model);
    model.reset({0.3, 0.5}, {0.0, 0.9});
    model.setMetric(0, 0, SweepGridModel::Ssim, 0.8);
    QSignalSpy exported(&chart, &TradeoffChart::exported);
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    chart.exportPng(path, {}, QSize(600, 400));
    QTRY_COMPARE(exported.count(), 1);
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    QCOMPARE(png.width, 600);
    QCOMPARE(png.height, 400);
}

void TestTradeoffChart::exportHasTitle()
{
    QTemporaryDir dir;
    SweepGridModel model;
    TradeoffChart chart;
    chart.setModel(&model);
    model.reset({0.3, 0.5}, {0.0, 0.9});
    QSignalSpy exported(&chart, &TradeoffChart::exported);
    const QString plain = dir.filePath(QStringLiteral("plain.png"));
    chart.exportPng(plain, {}, QSize(600, 400));
    QTRY_COMPARE(exported.count(), 1);
    const QString titled = dir.filePath(QStringLiteral("titled.png"));
    chart.exportPng(titled, QStringLiteral("Image: dress.png. Model: tiny · CPU. 20 steps"), QSize(600, 400));
    QTRY_COMPARE(exported.count(), 2);
    QCOMPARE(darkPixelsAtTopCentre(plain), 0);
    QVERIFY(darkPixelsAtTopCentre(titled) > 0);
}

void TestTradeoffChart::legendStaysOutsideThePlot()
{
    SweepGridModel model;
    TradeoffChart chart;
    chart.setModel(&model);
    model.reset({0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, {0.0, 0.3, 0.6, 0.9});
    chart.resize(TradeoffChart::kMinimumWidth, 300);
    chart.show();
    QTRY_VERIFY(!chart.plotGeometry().legend.isEmpty() && chart.plotGeometry().plotArea.width() > 0);
    const TradeoffChart::PlotGeometry geometry = chart.plotGeometry();
    QVERIFY(!geometry.legend.intersects(geometry.plotArea));
    QVERIFY(geometry.legend.right() <= TradeoffChart::kMinimumWidth);
}

void TestTradeoffChart::gammaTicksNeverRunTogether()
{
    // A large interface font at the minimum width: the case where tick labels used to collide.
    const QFont original = QApplication::font();
    QFont large = original;
    large.setPixelSize(28);
    QApplication::setFont(large);
    SweepGridModel model;
    TradeoffChart chart;
    QApplication::setFont(original);
    chart.setModel(&model);
    model.reset({0.3, 0.5}, {0.0, 0.2, 0.4, 0.6, 0.8, 1.0});
    chart.resize(TradeoffChart::kMinimumWidth, 300);
    chart.show();
    QTRY_VERIFY(chart.plotGeometry().gammaTickLabels.size() >= 2);
    const QVector<QRect> labels = chart.plotGeometry().gammaTickLabels;
    for (int i = 1; i < labels.size(); ++i)
        QVERIFY2(labels[i - 1].right() < labels[i].left(), qPrintable(QStringLiteral("labels %1 and %2 overlap").arg(i - 1).arg(i)));
}

// Before the first sweep the legend is empty; the plot used to shrink to its width and the ticks to collide.
void TestTradeoffChart::emptyChartUsesItsWidth()
{
    TradeoffChart chart;
    chart.resize(TradeoffChart::kMinimumWidth, 300);
    chart.show();
    QTRY_VERIFY(chart.plotGeometry().gammaTickLabels.size() >= 2);
    const TradeoffChart::PlotGeometry geometry = chart.plotGeometry();
    QVERIFY2(geometry.plotArea.width() > TradeoffChart::kMinimumWidth * 3 / 4, qPrintable(QString::number(geometry.plotArea.width())));
    const QVector<QRect> labels = geometry.gammaTickLabels;
    for (int i = 1; i < labels.size(); ++i)
        QVERIFY2(labels[i - 1].right() < labels[i].left(), qPrintable(QStringLiteral("labels %1 and %2 overlap").arg(i - 1).arg(i)));
}

QTEST_MAIN(TestTradeoffChart)
#include "TestTradeoffChart.moc"
