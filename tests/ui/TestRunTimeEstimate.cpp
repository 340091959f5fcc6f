#include "ui/RunTimeEstimate.h"

#include <QtTest>

using fr2r::core::RigParams;
using fr2r::ui::RunTimeEstimate;

class TestRunTimeEstimate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownUntilMeasured();
    void scalesWithPixelsAndSteps();
};

void TestRunTimeEstimate::unknownUntilMeasured()
{
    const RunTimeEstimate estimate;
    QVERIFY(!estimate.seconds(512, 768, RigParams()).has_value());
}

void TestRunTimeEstimate::scalesWithPixelsAndSteps()
{
    RunTimeEstimate estimate;
    RigParams params;
    params.workingSize = 512;
    params.steps = 50;
    params.strength = 0.2; // K = 10
    estimate.record(4.0, 512, 512, params);
    QCOMPARE(*estimate.seconds(512, 512, params), 4.0);
    QCOMPARE(*estimate.seconds(1024, 1024, params), 4.0); // the working size caps the pixels, not the input
    params.workingSize = 1024;
    QCOMPARE(*estimate.seconds(1024, 1024, params), 16.0);
    params.strength = 0.4; // K = 20
    QCOMPARE(*estimate.seconds(1024, 1024, params), 32.0);
    QCOMPARE(*estimate.seconds(256, 256, params), 2.0); // never upscaled: 256 px
}

QTEST_APPLESS_MAIN(TestRunTimeEstimate)
#include "TestRunTimeEstimate.moc"
