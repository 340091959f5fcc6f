#include "ui/sweep/SweepGridAxis.h"

#include <QTest>

using fr2r::ui::SweepGridAxis;

class TestSweepGridAxis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesValidLists_data();
    void parsesValidLists();
    void rejectsInvalidLists_data();
    void rejectsInvalidLists();
    void formatRoundTrips();
};

void TestSweepGridAxis::parsesValidLists_data()
{
    QTest::addColumn<bool>("strength");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QVector<double>>("expected");
    QTest::newRow("default strengths") << true << "0.3,0.4,0.5,0.6,0.7,0.8"
                                       << QVector<double>{0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    QTest::newRow("default gammas") << false << "0,0.3,0.6,0.9" << QVector<double>{0, 0.3, 0.6, 0.9};
    QTest::newRow("spaces and semicolons") << false << " 0.9 ; 0.1,  1 " << QVector<double>{0.9, 0.1, 1.0};
    QTest::newRow("strength one") << true << "1" << QVector<double>{1.0};
}

void TestSweepGridAxis::parsesValidLists()
{
    QFETCH(bool, strength);
    QFETCH(QString, text);
    QFETCH(QVector<double>, expected);
    const SweepGridAxis axis = strength ? SweepGridAxis::strengths() : SweepGridAxis::gammas();
    QString error = QStringLiteral("stale");
    const auto values = axis.parse(text, &error);
    QVERIFY(values.has_value());
    QCOMPARE(*values, expected);
    QVERIFY(error.isEmpty());
}

void TestSweepGridAxis::rejectsInvalidLists_data()
{
    QTest::addColumn<bool>("strength");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("empty") << true << "  , " << "empty";
    QTest::newRow("not a number") << false << "0.1, abc" << "“abc” is not a number";
    QTest::newRow("strength zero") << true << "0, 0.5" << "out of range";
    QTest::newRow("gamma above one") << false << "0.5, 1.2" << "out of range";
    QTest::newRow("duplicate") << false << "0.3, 0.30" << "appears twice";
    QTest::newRow("too many") << true << "0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.65,0.7" << "too many";
}

void TestSweepGridAxis::rejectsInvalidLists()
{
    QFETCH(bool, strength);
    QFETCH(QString, text);
    QFETCH(QString, messagePart);
    const SweepGridAxis axis = strength ? SweepGridAxis::strengths() : SweepGridAxis::gammas();
    QString error;
    QVERIFY(!axis.parse(text, &error).has_value());
    QVERIFY2(error.contains(messagePart), qPrintable(error));
    QVERIFY(error.startsWith(strength ? QStringLiteral("Strengths") : QStringLiteral("Gammas")));
}

void TestSweepGridAxis::formatRoundTrips()
{
    const QVector<double> values{0.3, 0.45, 1.0, 0.0};
    QCOMPARE(SweepGridAxis::format(values), QStringLiteral("0.3, 0.45, 1, 0"));
    QString error;
    QCOMPARE(*SweepGridAxis::gammas().parse(SweepGridAxis::format(values), &error), values);
}

QTEST_GUILESS_MAIN(TestSweepGridAxis)
#include "TestSweepGridAxis.moc"
