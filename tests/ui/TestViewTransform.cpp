#include "ui/view/ViewTransform.h"

#include <QtTest>

using fr2r::ui::ViewTransform;

class TestViewTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fitCentresTheImage();
    void zoomKeepsThePointUnderTheCursor();
    void actualPixelsHonoursDevicePixelRatio();
    void dividerMapsToWidgetX_data();
    void dividerMapsToWidgetX();
    void labelsNeverCoverTheDivider_data();
    void labelsNeverCoverTheDivider();
};

void TestViewTransform::fitCentresTheImage()
{
    ViewTransform t;
    t.setViewSize(QSizeF(400, 300));
    t.setImageSize(QSizeF(200, 100));
    QVERIFY(t.isFitted());
    QCOMPARE(t.scale(), 2.0);
    QCOMPARE(t.imageRectInView(), QRectF(0, 50, 400, 200));
}

void TestViewTransform::zoomKeepsThePointUnderTheCursor()
{
    ViewTransform t;
    t.setViewSize(QSizeF(400, 300));
    t.setImageSize(QSizeF(200, 100));
    const QPointF cursor(123, 87);
    const QPointF before = t.mapToImage(cursor);
    t.zoomAt(cursor, 1.5);
    QVERIFY(!t.isFitted());
    QCOMPARE(t.scale(), 3.0);
    QCOMPARE(t.mapToImage(cursor), before);
    t.panBy(QPointF(10, -5));
    QCOMPARE(t.mapToView(before), cursor + QPointF(10, -5));
    t.fit();
    QCOMPARE(t.scale(), 2.0);
}

void TestViewTransform::actualPixelsHonoursDevicePixelRatio()
{
    ViewTransform t;
    t.setViewSize(QSizeF(400, 300));
    t.setImageSize(QSizeF(200, 100));
    t.setActualPixels(2.0);
    QCOMPARE(t.scale(), 0.5);
    t.setActualPixels(1.0);
    QCOMPARE(t.scale(), 1.0);
    QCOMPARE(t.mapToImage(QPointF(200, 150)), QPointF(100, 50)); // centre kept
}

void TestViewTransform::dividerMapsToWidgetX_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("fraction");
    QTest::newRow("middle") << 200.0 << 0.5;
    QTest::newRow("left edge") << 0.0 << 0.0;
    QTest::newRow("beyond right") << 900.0 << 1.0;
    QTest::newRow("beyond left") << -20.0 << 0.0;
    QTest::newRow("quarter") << 100.0 << 0.25;
}

void TestViewTransform::dividerMapsToWidgetX()
{
    QFETCH(double, x);
    QFETCH(double, fraction);
    ViewTransform t;
    t.setDividerFromX(x, 400);
    QCOMPARE(t.divider(), fraction);
    QCOMPARE(t.dividerX(400), fraction * 400);
}

void TestViewTransform::labelsNeverCoverTheDivider_data()
{
    QTest::addColumn<double>("dividerX");
    QTest::newRow("centre") << 200.0;
    QTest::newRow("near left") << 50.0;
    QTest::newRow("near right") << 370.0;
    QTest::newRow("left edge") << 0.0;
}

void TestViewTransform::labelsNeverCoverTheDivider()
{
    QFETCH(double, dividerX);
    const QSizeF label(60, 20);
    const QRectF left = ViewTransform::leftLabelRect(label, dividerX, 8);
    const QRectF right = ViewTransform::rightLabelRect(label, dividerX, 400, 8);
    if (!left.isEmpty()) {
        QVERIFY(left.right() <= dividerX);
        QVERIFY(left.left() >= 0);
    }
    if (!right.isEmpty()) {
        QVERIFY(right.left() >= dividerX);
        QVERIFY(right.right() <= 400);
    }
    QCOMPARE(left.isEmpty(), dividerX < 60 + 8 * 2);
}

QTEST_GUILESS_MAIN(TestViewTransform)
#include "TestViewTransform.moc"
