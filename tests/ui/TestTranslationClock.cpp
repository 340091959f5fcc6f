#include "ui/TranslationClock.h"

#include <QtTest>

using fr2r::core::RigPhase;
using fr2r::core::RigProgress;
using fr2r::ui::TranslationClock;

// One bar and one estimate for a whole translation, counted in UNet rows.
class TestTranslationClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsEveryRowOfTheJob();
    void estimatesFromThisJobsPaceOnly();

private:
    static fr2r::core::RigParams params();
};

fr2r::core::RigParams TestTranslationClock::params()
{
    fr2r::core::RigParams params;
    params.steps = 10;
    params.strength = 0.5; // K = 5
    params.gamma = 0.4;    // 2 steps under TAC: 3 rows each, then 2 rows
    return params;
}

void TestTranslationClock::countsEveryRowOfTheJob()
{
    const TranslationClock clock(params());
    const int encode = TranslationClock::kEncodeRows;
    QCOMPARE(clock.totalRows(), encode + 5 + (2 * 3 + 3 * 2) + TranslationClock::kDecodeRows);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Encoding, 1, 1}), 0);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Inverting, 1, 5}), encode);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Inverting, 5, 5}), encode + 4);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Generating, 1, 5}), encode + 5);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Generating, 4, 5}), encode + 5 + 3 + 3 + 2);
    QCOMPARE(clock.rowsBefore(RigProgress{RigPhase::Decoding, 1, 1}), clock.totalRows() - TranslationClock::kDecodeRows);
}

void TestTranslationClock::estimatesFromThisJobsPaceOnly()
{
    TranslationClock clock(params());
    // A cached inversion: the job starts at the first generation step, whose rows before count as done.
    const auto first = clock.update(RigProgress{RigPhase::Generating, 1, 5});
    QCOMPARE(first.done, TranslationClock::kEncodeRows + 5);
    QCOMPARE(first.total, clock.totalRows());
    QCOMPARE(first.secondsLeft, -1.0); // no pace yet
    QTest::qWait(50);
    const auto later = clock.update(RigProgress{RigPhase::Generating, 3, 5});
    QCOMPARE(later.done, first.done + 6);
    // 6 rows took >= 50 ms; what is left is (total - done) rows at that pace.
    QVERIFY(later.secondsLeft >= 0.05 / 6 * (later.total - later.done));
}

QTEST_GUILESS_MAIN(TestTranslationClock)
#include "TestTranslationClock.moc"
