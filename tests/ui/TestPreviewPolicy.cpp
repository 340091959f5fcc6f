#include "ui/PreviewPolicy.h"

#include <QtTest>

using fr2r::core::RigParams;
using fr2r::ui::PreviewPolicy;
using fr2r::ui::RunTimeEstimate;

// When a run shows a preview first: the estimated time of the run at its working size (clamped to the render)
// against the threshold, and the preview side against that size.
class TestPreviewPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data();
    void decides();
    void noEstimateNoPreview();
};

void TestPreviewPolicy::decides_data()
{
    QTest::addColumn<int>("imageWidth");
    QTest::addColumn<int>("imageHeight");
    QTest::addColumn<int>("workingSize");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<QString>("reason"); // empty: no preview
    // Recorded: 80 s for 768x1024 at the same steps.
    QTest::newRow("slow") << 768 << 1024 << 1024 << 10.0
                          << QStringLiteral("estimated 80 s at 768x1024 > 10 s: preview at 288x384 first");
    QTest::newRow("quick enough") << 768 << 1024 << 1024 << 100.0 << QString();
    QTest::newRow("threshold 0 is never") << 768 << 1024 << 1024 << 0.0 << QString();
    QTest::newRow("working size no larger than the preview") << 768 << 1024 << 384 << 1.0 << QString();
    QTest::newRow("render no larger than the preview") << 300 << 200 << 1024 << 0.001 << QString();
    QTest::newRow("working size clamped to the render") << 600 << 800 << 1024 << 10.0
                                                        << QStringLiteral("estimated 48.8 s at 600x800 > 10 s: "
                                                                          "preview at 288x384 first");
}

void TestPreviewPolicy::decides()
{
    QFETCH(int, imageWidth);
    QFETCH(int, imageHeight);
    QFETCH(int, workingSize);
    QFETCH(double, threshold);
    QFETCH(QString, reason);
    RunTimeEstimate estimate;
    RigParams params;
    params.restoreInputSize = true;
    estimate.record(80.0, 768, 1024, params);
    PreviewPolicy policy(&estimate);
    policy.setThreshold(threshold);
    policy.setPreviewSide(384);
    params.workingSize = workingSize;
    const auto plan = policy.plan(imageWidth, imageHeight, params);
    QCOMPARE(plan.has_value(), !reason.isEmpty());
    if (!plan)
        return;
    QCOMPARE(plan->reason, reason);
    RigParams expected = params; // the same run, only smaller and not scaled back
    expected.workingSize = 384;
    expected.restoreInputSize = false;
    QVERIFY(plan->preview == expected);
}

void TestPreviewPolicy::noEstimateNoPreview()
{
    const RunTimeEstimate estimate;
    PreviewPolicy policy(&estimate);
    policy.setThreshold(0.001);
    policy.setPreviewSide(64);
    QVERIFY(!policy.plan(768, 1024, RigParams()).has_value());
}

QTEST_APPLESS_MAIN(TestPreviewPolicy)
#include "TestPreviewPolicy.moc"
