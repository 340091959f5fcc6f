#include "ui/view/BeforeAfterView.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

using fr2r::ui::BeforeAfterView;
using fr2r::ui::ViewTransform;

Q_DECLARE_METATYPE(ViewTransform::Mode)

class TestBeforeAfterView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dividerFollowsMouseDrag();
    void dividerFollowsKeys();
    void zoomIsSharedBetweenHalves();
    void fitAndActualPixelsShortcuts();
    void differenceHeatMap();
    void emptyStateOffersSettingsAndDownload();
    void spaceTogglesBeforeAfter();
    void renderKeepsItsAspect_data();
    void renderKeepsItsAspect();

private:
    static QImage filled(const QColor& colour, QSize size = QSize(100, 50));
    static void wheel(QWidget* widget, QPointF pos, int delta);
    static void showView(BeforeAfterView& view);
};

void TestBeforeAfterView::renderKeepsItsAspect_data()
{
    QTest::addColumn<QSize>("render");
    QTest::addColumn<QSize>("result");
    QTest::addColumn<ViewTransform::Mode>("mode");
    // A 2:3 render whose result was rounded to 1:2 (the old 64-pixel rounding at 128 px) or is 8 pixels off.
    for (const auto mode : {ViewTransform::Mode::Slider, ViewTransform::Mode::SideBySide}) {
        const QByteArray name = mode == ViewTransform::Mode::Slider ? "slider" : "side by side";
        QTest::newRow("2:3 against 1:2, " + name) << QSize(512, 768) << QSize(64, 128) << mode;
        QTest::newRow("3:2 against 7:5, " + name) << QSize(768, 512) << QSize(112, 80) << mode;
        QTest::newRow("2:3 against 2:3, " + name) << QSize(200, 300) << QSize(128, 192) << mode;
    }
}

void TestBeforeAfterView::renderKeepsItsAspect()
{
    QFETCH(QSize, render);
    QFETCH(QSize, result);
    QFETCH(ViewTransform::Mode, mode);
    BeforeAfterView view;
    showView(view);
    view.setMode(mode);
    view.setBefore(filled(Qt::red, render));
    view.setAfter(filled(Qt::blue, result));
    const QRectF drawn = view.transform().imageRectInView();
    QVERIFY(!drawn.isEmpty());
    QCOMPARE(qRound(1000.0 * drawn.width() / drawn.height()), qRound(1000.0 * render.width() / render.height()));
    // At actual pixels the result is shown 1:1 across its width.
    view.showActualPixels();
    QCOMPARE(view.transform().imageRectInView().width(), static_cast<double>(result.width()) / view.devicePixelRatioF());
}

QImage TestBeforeAfterView::filled(const QColor& colour, QSize size)
{
    QImage image(size, QImage::Format_RGB888);
    image.fill(colour);
    return image;
}

void TestBeforeAfterView::wheel(QWidget* widget, QPointF pos, int delta)
{
    QWheelEvent event(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

void TestBeforeAfterView::showView(BeforeAfterView& view)
{
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
}

void TestBeforeAfterView::dividerFollowsMouseDrag()
{
    BeforeAfterView view;
    showView(view);
    view.setBefore(filled(Qt::red));
    view.setAfter(filled(Qt::blue));
    QCOMPARE(view.transform().divider(), 0.5);
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(200, 150));
    QTest::mouseMove(&view, QPoint(100, 150));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(100, 150));
    QCOMPARE(view.transform().divider(), 0.25);
    // Away from the divider a drag pans instead.
    const QPointF offset = view.transform().offset();
    QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(300, 150));
    QTest::mouseMove(&view, QPoint(320, 160));
    QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(320, 160));
    QCOMPARE(view.transform().divider(), 0.25);
    QCOMPARE(view.transform().offset(), offset + QPointF(20, 10));
}

void TestBeforeAfterView::dividerFollowsKeys()
{
    BeforeAfterView view;
    showView(view);
    view.setBefore(filled(Qt::red));
    view.setAfter(filled(Qt::blue));
    QSignalSpy moved(&view, &BeforeAfterView::dividerMoved);
    QTest::keyClick(&view, Qt::Key_Left);
    QCOMPARE(view.transform().divider(), 0.48);
    QTest::keyClick(&view, Qt::Key_Right);
    QTest::keyClick(&view, Qt::Key_Right);
    QCOMPARE(view.transform().divider(), 0.52);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
    QVERIFY(qAbs(view.transform().divider() - 0.62) < 1e-9);
    QCOMPARE(moved.count(), 4);
}

void TestBeforeAfterView::zoomIsSharedBetweenHalves()
{
    // The same wheel step in either half of side-by-side lands on the same transform.
    BeforeAfterView left;
    BeforeAfterView right;
    for (BeforeAfterView* view : {&left, &right}) {
        showView(*view);
        view->setBefore(filled(Qt::red));
        view->setAfter(filled(Qt::blue));
        view->setMode(ViewTransform::Mode::SideBySide);
    }
    QCOMPARE(left.transform().viewSize(), QSizeF(200, 300));
    wheel(&left, QPointF(50, 120), 120);
    wheel(&right, QPointF(250, 120), 120);
    QCOMPARE(left.transform().scale(), right.transform().scale());
    QCOMPARE(left.transform().offset(), right.transform().offset());
    QVERIFY(left.transform().scale() > 2.0); // fit was 2.0 for 100 px in a 200 px pane
    QVERIFY(!left.transform().isFitted());
}

void TestBeforeAfterView::fitAndActualPixelsShortcuts()
{
    BeforeAfterView view;
    showView(view);
    view.setBefore(filled(Qt::red));
    QSignalSpy zoom(&view, &BeforeAfterView::zoomChanged);
    QTest::keyClick(&view, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(view.zoomPercent(), 100.0);
    QTest::keyClick(&view, Qt::Key_0, Qt::ControlModifier);
    QVERIFY(view.transform().isFitted());
    QCOMPARE(view.transform().scale(), 4.0);
    QCOMPARE(zoom.count(), 2);
}

void TestBeforeAfterView::differenceHeatMap()
{
    const QImage same = BeforeAfterView::differenceHeatMap(filled(Qt::gray), filled(Qt::gray));
    QCOMPARE(same.pixel(10, 10), qRgb(0, 0, 0));
    const QImage differs = BeforeAfterView::differenceHeatMap(filled(QColor(100, 100, 100)),
                                                             filled(QColor(110, 100, 100)));
    QCOMPARE(differs.pixel(10, 10), qRgb(20, 0, 0));
    // A before of another size is compared at the after's size.
    const QImage scaled = BeforeAfterView::differenceHeatMap(filled(Qt::black, QSize(200, 100)), filled(Qt::white));
    QCOMPARE(scaled.size(), QSize(100, 50));
    QCOMPARE(scaled.pixel(5, 5), qRgb(255, 255, 255));
}

void TestBeforeAfterView::emptyStateOffersSettingsAndDownload()
{
    BeforeAfterView view;
    showView(view);
    auto* button = view.findChild<QPushButton*>(QStringLiteral("chooseModelButton"));
    QVERIFY(button);
    QVERIFY(!button->isVisible());
    view.setModelAvailable(false);
    QVERIFY(button->isVisible());
    QSignalSpy requested(&view, &BeforeAfterView::settingsRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    auto* download = view.findChild<QPushButton*>(QStringLiteral("downloadModelButton"));
    QVERIFY(download && download->isVisible());
    QVERIFY(!download->geometry().intersects(button->geometry()));
    QSignalSpy downloadRequested(&view, &BeforeAfterView::downloadRequested);
    QTest::mouseClick(download, Qt::LeftButton);
    QCOMPARE(downloadRequested.count(), 1);
    view.setBefore(filled(Qt::red));
    QVERIFY(!button->isVisible());
    QVERIFY(!download->isVisible());
}

void TestBeforeAfterView::spaceTogglesBeforeAfter()
{
    BeforeAfterView view;
    showView(view);
    view.setBefore(filled(Qt::red));
    view.setAfter(filled(Qt::blue));
    view.toggleBeforeAfter();
    QVERIFY(view.isShowingBeforeOnly());
    QCOMPARE(view.grab().toImage().pixelColor(350, 150), QColor(Qt::red)); // right half shows the before too
    view.toggleBeforeAfter();
    QVERIFY(!view.isShowingBeforeOnly());
    QCOMPARE(view.grab().toImage().pixelColor(350, 150), QColor(Qt::blue));
}

QTEST_MAIN(TestBeforeAfterView)
#include "TestBeforeAfterView.moc"
