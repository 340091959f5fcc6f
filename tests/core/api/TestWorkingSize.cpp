#include "core/api/WorkingSize.h"

#include <QtTest>

#include <cmath>

using fr2r::core::WorkingSize;

// Renders keep their shape: a garment's proportions are what a designer must be able to trust.
class TestWorkingSize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsAspectWithinOneLatentPixel_data();
    void keepsAspectWithinOneLatentPixel();
    void neverCollapsesASide();
    void neverUpscales();
};

void TestWorkingSize::keepsAspectWithinOneLatentPixel_data()
{
    QTest::addColumn<int>("imageWidth");
    QTest::addColumn<int>("imageHeight");
    QTest::addColumn<int>("longSide");
    for (int longSide : {128, 256, 1024}) {
        const QByteArray side = QByteArray::number(longSide);
        QTest::newRow("2:3 portrait at " + side) << 512 << 768 << longSide;
        QTest::newRow("3:2 landscape at " + side) << 768 << 512 << longSide;
        QTest::newRow("6000x4000 at " + side) << 6000 << 4000 << longSide;
    }
    QTest::newRow("paper's 768x1024 at 1024") << 768 << 1024 << 1024;
    QTest::newRow("square at 100 (not a multiple of 8)") << 300 << 300 << 100;
    QTest::newRow("odd 1001x707 at 512") << 1001 << 707 << 512;
}

void TestWorkingSize::keepsAspectWithinOneLatentPixel()
{
    QFETCH(int, imageWidth);
    QFETCH(int, imageHeight);
    QFETCH(int, longSide);
    const WorkingSize size = WorkingSize::forImage(imageWidth, imageHeight, longSide);
    QCOMPARE(size.width % WorkingSize::kMultiple, 0);
    QCOMPARE(size.height % WorkingSize::kMultiple, 0);
    const int expectedLongSide = std::min(longSide, std::max(imageWidth, imageHeight));
    QVERIFY2(std::abs(std::max(size.width, size.height) - expectedLongSide) <= WorkingSize::kMultiple / 2,
             qPrintable(QString("%1x%2").arg(size.width).arg(size.height)));
    // The side the aspect decides is within one latent pixel of the exact value.
    const double exactWidth = static_cast<double>(size.height) * imageWidth / imageHeight;
    const double exactHeight = static_cast<double>(size.width) * imageHeight / imageWidth;
    const double error = imageWidth >= imageHeight ? std::abs(size.height - exactHeight) : std::abs(size.width - exactWidth);
    QVERIFY2(error <= WorkingSize::kMultiple,
             qPrintable(QString("%1x%2 for %3x%4").arg(size.width).arg(size.height).arg(imageWidth).arg(imageHeight)));
}

void TestWorkingSize::neverCollapsesASide()
{
    const WorkingSize strip = WorkingSize::forImage(4000, 10, 256);
    QCOMPARE(strip.width, 256);
    QCOMPARE(strip.height, WorkingSize::kMultiple);
}

void TestWorkingSize::neverUpscales()
{
    const WorkingSize size = WorkingSize::forImage(512, 768, 1024);
    QCOMPARE(size.width, 512);
    QCOMPARE(size.height, 768);
}

QTEST_APPLESS_MAIN(TestWorkingSize)
#include "TestWorkingSize.moc"
