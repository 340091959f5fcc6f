#include "TestConfig.h"
#include "support/HubTestServer.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

const QString kRepo = QStringLiteral("tester/tiny-sd");
const QString kUnet = QStringLiteral("unet/diffusion_pytorch_model.fp16.safetensors");

} // namespace

// The real fashionr2r-cli fetch-model against a hub on 127.0.0.1 (served by this process): exit codes and the folder.
class TestFetchModelCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FR2R_SKIP_WITHOUT_GOLDEN(); }
    void init();
    void downloadsTheModel();
    void wrongHashFailsAndLeavesNoModel();
    void existingTargetIsAnArgumentError();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run fetch(const QStringList& extra);
    QString target() const { return m_dir->filePath(QStringLiteral("sd15")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fr2r::test::HubTestServer> m_server;
};

void TestFetchModelCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<fr2r::test::HubTestServer>(kRepo);
    m_server->addTinyModel(QStringLiteral(FR2R_GOLDEN_DIR "/tiny/model"));
    QVERIFY(m_server->listen());
}

// The server answers from this process's event loop, so the wait must run it (waitForFinished would not).
TestFetchModelCli::Run TestFetchModelCli::fetch(const QStringList& extra)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "HF_TOKEN"})
        environment.remove(QString::fromLatin1(name));
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(FR2R_CLI_PATH),
                  QStringList{QStringLiteral("fetch-model"), QStringLiteral("--endpoint"), m_server->endpoint(),
                              QStringLiteral("--repo"), kRepo, QStringLiteral("-o"), target()}
                      + extra);
    Run run;
    if (!finished.wait(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    run.err = QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

void TestFetchModelCli::downloadsTheModel()
{
    const Run run = fetch({});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(target()));
    QVERIFY(run.err.contains(QStringLiteral("MiB")));
    for (const QString& path : {QStringLiteral("model_index.json"), QStringLiteral("tokenizer/merges.txt"), kUnet}) {
        QFile file(QDir(target()).filePath(path));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QVERIFY2(file.readAll() == m_server->content(path), qPrintable(path));
    }
}

void TestFetchModelCli::wrongHashFailsAndLeavesNoModel()
{
    m_server->setListedSha256(kUnet, QByteArray(64, '0'));
    const Run run = fetch({});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(kUnet) && run.err.contains(QStringLiteral("SHA-256")), qPrintable(run.err));
    QVERIFY(!QFileInfo::exists(target()));
}

void TestFetchModelCli::existingTargetIsAnArgumentError()
{
    QVERIFY(QDir().mkpath(target()));
    const Run run = fetch({});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("already exists")), qPrintable(run.err));
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(QDir(target()).isEmpty());
}

QTEST_GUILESS_MAIN(TestFetchModelCli)
#include "TestFetchModelCli.moc"
