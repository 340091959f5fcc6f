#include "ui/ParameterPanel.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

using fr2r::core::RigParams;
using fr2r::ui::ParameterPanel;

Q_DECLARE_METATYPE(fr2r::core::RigParams)

class TestParameterPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<RigParams>(); }
    void showsKOfNSteps_data();
    void showsKOfNSteps();
    void burstOfChangesEmitsOnce();
    void sliderCountsOnlyWhenReleased();
    void setParamsRoundTripsAndIsSilent();
    void promptComesBackComposed();
    void everyInteractiveWidgetHasNameAndTooltip();

private:
    template <typename T>
    static T* child(ParameterPanel& panel, const char* name)
    {
        auto* widget = panel.findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("missing widget %s", name);
        return widget;
    }
};

void TestParameterPanel::showsKOfNSteps_data()
{
    QTest::addColumn<int>("steps");
    QTest::addColumn<double>("strength");
    QTest::addColumn<QString>("text");
    QTest::newRow("defaults") << 50 << 0.3 << "15 of 50 steps";
    QTest::newRow("floor in double as diffusers") << 7 << 0.7 << "4 of 7 steps";
    QTest::newRow("zero") << 50 << 0.0 << "0 of 50 steps";
    QTest::newRow("full") << 20 << 1.0 << "20 of 20 steps";
}

void TestParameterPanel::showsKOfNSteps()
{
    QFETCH(int, steps);
    QFETCH(double, strength);
    QFETCH(QString, text);
    ParameterPanel panel;
    child<QSpinBox>(panel, "stepsSpin")->setValue(steps);
    child<QDoubleSpinBox>(panel, "strengthSpin")->setValue(strength);
    QCOMPARE(child<QLabel>(panel, "stepsLabel")->text(), text);
    QCOMPARE(panel.stepsText(), text);
}

void TestParameterPanel::burstOfChangesEmitsOnce()
{
    ParameterPanel panel;
    QSignalSpy changed(&panel, &ParameterPanel::paramsChanged);
    auto* strength = child<QDoubleSpinBox>(panel, "strengthSpin");
    auto* gamma = child<QDoubleSpinBox>(panel, "gammaSpin");
    strength->setValue(0.4);
    QTest::qWait(100);
    gamma->setValue(0.5);
    QTest::qWait(100);
    strength->setValue(0.6); // supersedes the earlier values
    QCOMPARE(changed.count(), 0);
    QTRY_COMPARE(changed.count(), 1);
    QTest::qWait(ParameterPanel::kDebounceMs + 100);
    QCOMPARE(changed.count(), 1);
    const auto params = changed.first().first().value<RigParams>();
    QCOMPARE(params.strength, 0.6);
    QCOMPARE(params.gamma, 0.5);
}

void TestParameterPanel::sliderCountsOnlyWhenReleased()
{
    ParameterPanel panel;
    QSignalSpy changed(&panel, &ParameterPanel::paramsChanged);
    auto* slider = child<QSlider>(panel, "strengthSlider");
    slider->setSliderDown(true);
    slider->setValue(45);
    slider->setValue(55);
    QCOMPARE(child<QDoubleSpinBox>(panel, "strengthSpin")->value(), 0.55);
    QCOMPARE(panel.stepsText(), QStringLiteral("27 of 50 steps")); // follows the drag at once
    QTest::qWait(ParameterPanel::kDebounceMs + 150);
    QCOMPARE(changed.count(), 0);
    slider->setSliderDown(false); // release
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().value<RigParams>().strength, 0.55);
}

void TestParameterPanel::setParamsRoundTripsAndIsSilent()
{
    ParameterPanel panel;
    QSignalSpy changed(&panel, &ParameterPanel::paramsChanged);
    RigParams params;
    params.steps = 30;
    params.strength = 0.45;
    params.gamma = 0.7;
    params.guidance = 5.5;
    params.positivePrompt = "a photo";
    params.workingSize = 512;
    params.restoreInputSize = true;
    params.tacLevels = {1, 2};
    params.tacBranches = fr2r::core::TacBranches::Both;
    params.sourcePrompt = "a render"; // not shown, but kept
    panel.setParams(params);
    const RigParams shown = panel.params();
    QCOMPARE(shown.steps, 30);
    QCOMPARE(shown.strength, 0.45);
    QCOMPARE(shown.gamma, 0.7);
    QCOMPARE(shown.guidance, 5.5);
    QCOMPARE(shown.positivePrompt, std::string("a photo"));
    QCOMPARE(shown.workingSize, 512);
    QVERIFY(shown.restoreInputSize);
    QCOMPARE(shown.tacLevels, (std::vector<int>{1, 2}));
    QVERIFY(shown.tacBranches == fr2r::core::TacBranches::Both);
    QCOMPARE(shown.sourcePrompt, std::string("a render"));
    QTest::qWait(ParameterPanel::kDebounceMs + 100);
    QCOMPARE(changed.count(), 0);
}

void TestParameterPanel::promptComesBackComposed()
{
    ParameterPanel panel;
    RigParams params;
    params.positivePrompt = "cafe\xcc\x81 dress"; // "e" + U+0301 combining acute accent
    panel.setParams(params);
    QCOMPARE(panel.params().positivePrompt, std::string("caf\xc3\xa9 dress")); // U+00E9
}

void TestParameterPanel::everyInteractiveWidgetHasNameAndTooltip()
{
    ParameterPanel panel;
    for (QWidget* widget : panel.findChildren<QWidget*>()) {
        if (widget->focusPolicy() == Qt::NoFocus || qobject_cast<QLabel*>(widget) ||
            widget->objectName().startsWith(QLatin1String("qt_")) || !widget->parentWidget() ||
            widget->parentWidget()->inherits("QAbstractSpinBox"))
            continue;
        QVERIFY2(!widget->objectName().isEmpty(), widget->metaObject()->className());
        QVERIFY2(!widget->toolTip().isEmpty(), qPrintable(widget->objectName()));
    }
}

QTEST_MAIN(TestParameterPanel)
#include "TestParameterPanel.moc"
