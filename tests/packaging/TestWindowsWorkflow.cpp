// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

// .github/workflows/windows.yml cannot run here (no Windows runner): it must at least parse as YAML and keep the
// steps the release depends on. Python's YAML parser reads it (skips when python3-yaml is absent).
class TestWindowsWorkflow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keepsTheReleaseSteps_data();
    void keepsTheReleaseSteps();

private:
    QString m_runs; // every step's run text, joined
};

void TestWindowsWorkflow::initTestCase()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed: the workflow's YAML is not checked");
    QProcess process;
    process.start(python, {QStringLiteral("-c"),
                           QStringLiteral("import json, sys\n"
                                          "try:\n    import yaml\nexcept ImportError:\n    sys.exit(3)\n"
                                          "print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))"),
                           QStringLiteral(FR2R_WORKFLOW)});
    QVERIFY(process.waitForFinished(60000));
    if (process.exitCode() == 3)
        QSKIP("python3-yaml is not installed: the workflow's YAML is not checked");
    QVERIFY2(process.exitCode() == 0, qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
    const QJsonObject workflow = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    const QJsonObject build = workflow.value(QStringLiteral("jobs")).toObject().value(QStringLiteral("build")).toObject();
    QCOMPARE(build.value(QStringLiteral("runs-on")).toString(), QStringLiteral("windows-2022"));
    const QJsonArray steps = build.value(QStringLiteral("steps")).toArray();
    QVERIFY(steps.size() > 5);
    for (const QJsonValue& step : steps)
        m_runs += step.toObject().value(QStringLiteral("run")).toString() + QLatin1Char('\n');
}

void TestWindowsWorkflow::keepsTheReleaseSteps_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("tests") << "ctest --test-dir build";
    QTest::newRow("NSIS installer and ZIP") << "-G \"NSIS64;ZIP\"";
    QTest::newRow("CLI self-test") << "fashionr2r-cli.exe --self-test";
    QTest::newRow("GUI self-test") << "fashionr2r.exe --self-test";
    QTest::newRow("CUDA as 7z volumes under 2 GiB") << "-v1900m";
}

void TestWindowsWorkflow::keepsTheReleaseSteps()
{
    QFETCH(QString, text);
    QVERIFY2(m_runs.contains(text), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestWindowsWorkflow)
#include "TestWindowsWorkflow.moc"
