#include "core/api/Error.h"
#include "imaging/BatchPlan.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using fr2r::imaging::BatchPlan;
using fr2r::imaging::BatchSource;

class TestBatchPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outputNames_data();
    void outputNames();
    void shardsAgreeOnNames();
    void outputOnAnInputIsRefused();
    void outputFolderInsideInputsIsAllowed();
    void checkOutputGuardsEveryWrite();

private:
    static QString touch(const QTemporaryDir& dir, const QString& name);
};

QString TestBatchPlan::touch(const QTemporaryDir& dir, const QString& name)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestBatchPlan::outputNames_data()
{
    QTest::addColumn<QStringList>("inputs");  // relative names, in no particular order
    QTest::addColumn<QStringList>("outputs"); // in sorted input order
    QTest::addColumn<int>("renamed");
    QTest::newRow("usual") << QStringList{"set/sub/b.tiff", "a.jpg", "look.v2.png"}
                           << QStringList{"a.png", "look.v2.png", "set/sub/b.png"} << 0;
    QTest::newRow("png keeps its name") << QStringList{"a.png", "a.jpg"} << QStringList{"a.jpg.png", "a.png"} << 1;
    QTest::newRow("no png in the group") << QStringList{"a.webp", "a.jpg"} << QStringList{"a.jpg.png", "a.webp.png"} << 2;
    QTest::newRow("long name taken too") << QStringList{"a.jpg.png", "a.png", "a.jpg"}
                                         << QStringList{"a.jpg~2.png", "a.jpg.png", "a.png"} << 1;
    QTest::newRow("per folder") << QStringList{"x/a.png", "x/a.jpg", "y/a.jpg"}
                                << QStringList{"x/a.jpg.png", "x/a.png", "y/a.png"} << 1;
}

void TestBatchPlan::outputNames()
{
    QFETCH(QStringList, inputs);
    QFETCH(QStringList, outputs);
    QFETCH(int, renamed);
    std::vector<BatchSource> sources;
    for (const QString& name : inputs)
        sources.push_back({"/renders/" + name.toStdString(), name.toStdString()});
    const BatchPlan plan(sources, "/out");
    QStringList actual;
    for (const auto& item : plan.items()) {
        actual << QString::fromStdString(item.relativeOutput);
        QCOMPARE(QString::fromStdString(item.output), "/out/" + actual.last());
    }
    QCOMPARE(actual, outputs);
    QCOMPARE(plan.renamedCount(), renamed);
}

void TestBatchPlan::shardsAgreeOnNames()
{
    const std::vector<BatchSource> sources{{"/r/a.jpg", "a.jpg"}, {"/r/a.png", "a.png"}, {"/r/b.png", "b.png"}};
    const BatchPlan plan(sources, "/out");
    // Shard 1 of 2 holds a.jpg alone: it must still step aside for a.png, which shard 2 writes.
    const auto first = plan.shard(0, 2);
    QCOMPARE(first.size(), size_t(2));
    QCOMPARE(first[0].relativeOutput, std::string("a.jpg.png"));
    QCOMPARE(plan.shard(1, 2).at(0).relativeOutput, std::string("a.png"));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, plan.shard(2, 2));
}

void TestBatchPlan::outputOnAnInputIsRefused()
{
    QTemporaryDir dir;
    const QString input = touch(dir, QStringLiteral("renders/a.png"));
    touch(dir, QStringLiteral("renders/b.jpg"));
    const std::string renders = dir.filePath(QStringLiteral("renders")).toStdString();
    for (const std::string& output : {renders, renders + "/", renders + "/sub/.."}) {
        try {
            BatchPlan plan(BatchPlan::findSources({renders}), output);
            QFAIL(("an output on an input was planned for " + output).c_str());
        } catch (const fr2r::InvalidArgumentError& error) {
            QVERIFY2(QString(error.what()).contains(QStringLiteral("renders/a.png")), error.what());
        }
    }
    // Outputs in a subfolder that also holds an input of the same name.
    touch(dir, QStringLiteral("renders/out/a.png"));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, BatchPlan(BatchPlan::findSources({renders}), renders + "/out"));
    QVERIFY(QFile::exists(input));
}

void TestBatchPlan::outputFolderInsideInputsIsAllowed()
{
    QTemporaryDir dir;
    touch(dir, QStringLiteral("renders/a.png"));
    touch(dir, QStringLiteral("renders/b.jpg"));
    const std::string renders = dir.filePath(QStringLiteral("renders")).toStdString();
    const BatchPlan plan(BatchPlan::findSources({renders}), renders + "/real");
    QCOMPARE(plan.items().size(), size_t(2));
    QCOMPARE(plan.items()[1].output, renders + "/real/b.png");
}

void TestBatchPlan::checkOutputGuardsEveryWrite()
{
    QTemporaryDir dir;
    const QString input = touch(dir, QStringLiteral("a.jpg"));
    const BatchPlan plan(BatchPlan::findSources({input.toStdString()}), dir.filePath(QStringLiteral("out")).toStdString());
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, plan.checkOutput(input.toStdString()));
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, plan.checkOutput(dir.filePath(QStringLiteral("./a.jpg")).toStdString()));
    plan.checkOutput(dir.filePath(QStringLiteral("a.png")).toStdString());
}

QTEST_GUILESS_MAIN(TestBatchPlan)
#include "TestBatchPlan.moc"
