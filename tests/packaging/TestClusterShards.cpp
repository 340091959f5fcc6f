// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/diffusion/SelfTest.h"
#include "support/FolderListing.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// What the cluster job files run (packaging/cluster): `translate --shard I/N --skip-existing` over one shared
// folder, here four shards one after the other through the real fashionr2r-cli on a tiny random-weight model.
class TestClusterShards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fourShardsEqualOneRun();

private:
    void writeInputs();
    void translate(const QString& output, const QStringList& extra);

    QTemporaryDir m_dir;
    QString m_model;
    QString m_inputs;
};

void TestClusterShards::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("model"));
    m_inputs = m_dir.filePath(QStringLiteral("renders"));
    QVERIFY(QDir().mkpath(m_model));
    fr2r::core::SelfTest::writeTinyModel(m_model.toStdString());
    writeInputs();
}

// Seven renders in two folders: four shards get 2, 2, 2 and 1 of them.
void TestClusterShards::writeInputs()
{
    for (int i = 0; i < 7; ++i) {
        QImage image(72 + 8 * (i % 2), 64, QImage::Format_RGB888);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, QColor((x * 3 + i * 40) % 256, (y * 4 + i * 17) % 256, (x + y + i * 90) % 256));
        const QString folder = m_inputs + (i < 4 ? QStringLiteral("/coats") : QStringLiteral("/dresses"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(image.save(folder + QStringLiteral("/render%1.png").arg(i)));
    }
}

void TestClusterShards::translate(const QString& output, const QStringList& extra)
{
    QProcess process;
    process.start(QStringLiteral(FR2R_CLI_PATH),
                  QStringList{QStringLiteral("translate"), QStringLiteral("--model"), m_model, QStringLiteral("--device"),
                              QStringLiteral("cpu"), QStringLiteral("--dtype"), QStringLiteral("fp32"),
                              QStringLiteral("--size"), QStringLiteral("64"), QStringLiteral("--steps"),
                              QStringLiteral("2"), QStringLiteral("--strength"), QStringLiteral("0.5")}
                      + extra + QStringList{m_inputs, QStringLiteral("-o"), output});
    QVERIFY2(process.waitForFinished(300000), "fashionr2r-cli did not finish");
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
}

void TestClusterShards::fourShardsEqualOneRun()
{
    const QString whole = m_dir.filePath(QStringLiteral("whole"));
    const QString sharded = m_dir.filePath(QStringLiteral("sharded"));
    translate(whole, {});
    QCOMPARE(fr2r::test::filesBelow(whole).size(), 7);
    const QList<int> sliceSizes{2, 2, 2, 1};
    for (int shard = 1; shard <= 4; ++shard) {
        const int before = fr2r::test::filesBelow(sharded).size();
        translate(sharded, {QStringLiteral("--shard"), QStringLiteral("%1/4").arg(shard), QStringLiteral("--skip-existing")});
        QCOMPARE(fr2r::test::filesBelow(sharded).size() - before, sliceSizes[shard - 1]); // disjoint slices
    }
    QCOMPARE(fr2r::test::filesBelow(sharded), fr2r::test::filesBelow(whole));
    for (const QString& file : fr2r::test::filesBelow(whole)) {
        const QImage expected(whole + QLatin1Char('/') + file);
        QVERIFY2(!expected.isNull(), qPrintable(file));
        QCOMPARE(QImage(sharded + QLatin1Char('/') + file), expected);
        QCOMPARE(QImage(sharded + QLatin1Char('/') + file).text(QStringLiteral("parameters")),
                 expected.text(QStringLiteral("parameters")));
    }
}

QTEST_MAIN(TestClusterShards)
#include "TestClusterShards.moc"
