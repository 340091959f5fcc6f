#include "ui/TradeoffChart.h"

#include "imaging/ImageFile.h"
#include "ui/SweepGridModel.h"

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
};

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
    chart.exportPng(path, QSize(600, 400));
    QTRY_COMPARE(exported.count(), 1);
    const fr2r::ImageBuffer png = fr2r::imaging::readImage(path.toStdString());
    QCOMPARE(png.width, 600);
    QCOMPARE(png.height, 400);
}

QTEST_MAIN(TestTradeoffChart)
#include "TestTradeoffChart.moc"
