#include "TestConfig.h"
#include "core/api/Error.h"
#include "metrics/MetricsGolden.h"

#include <QTemporaryDir>
#include <QtTest>

#include <set>

class TestMetricsGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void everyCheckPasses();
    void missingReferenceThrows();
};

void TestMetricsGolden::everyCheckPasses()
{
    const auto checks = fr2r::metrics::checkMetricsGolden(FR2R_METRICS_WEIGHTS_DIR);
    std::set<std::string> names;
    for (const auto& check : checks) {
        names.insert(check.name);
        qInfo("%s: max abs error %.3g (tolerance %.3g)", check.name.c_str(), check.maxAbsError, check.tolerance);
        QVERIFY2(check.passed(), qPrintable(QString("%1: error %2 > tolerance %3")
                                                .arg(QString::fromStdString(check.name))
                                                .arg(check.maxAbsError)
                                                .arg(check.tolerance)));
    }
    const std::set<std::string> expected = {"lpips.value", "lpips.per_layer", "lpips.same", "inception.pool3",
                                            "kid.mmd2_unbiased", "kid.mmd2_same_distribution"};
    QCOMPARE(names, expected);
}

void TestMetricsGolden::missingReferenceThrows()
{
    QTemporaryDir empty;
    QVERIFY_THROWS_EXCEPTION(fr2r::ModelFormatError, fr2r::metrics::checkMetricsGolden(empty.path().toStdString()));
}

QTEST_GUILESS_MAIN(TestMetricsGolden)
#include "TestMetricsGolden.moc"
