#include "TestConfig.h"
#include "core/api/Error.h"
#include "core/io/Checkpoint.h"
#include "hub/HubTree.h"
#include "hub/ModelDownloader.h"
#include "support/HubTestServer.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using fr2r::hub::ModelDownloader;
using fr2r::test::HubTestServer;

namespace {

const QString kRepo = QStringLiteral("tester/tiny-sd");
const QString kUnet = QStringLiteral("unet/diffusion_pytorch_model.fp16.safetensors");
const QString kVae = QStringLiteral("vae/diffusion_pytorch_model.fp16.safetensors");

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// ModelDownloader against a hub on 127.0.0.1 that serves the golden tiny model: nothing here reaches the internet.
class TestModelDownloader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void completeDownloadLoads();
    void droppedConnectionResumesWithRange();
    void serverIgnoringRangeStartsTheFileOver();
    void wrongHashIsRefused();
    void missingVariantIsNamed();
    void existingTargetIsRefused();
    void cancelKeepsThePartialFile();
    void unreachableHubSaysSo();

private:
    struct Outcome
    {
        QString folder;
        QString error;
        qint64 lastDone = -1;
        qint64 total = -1;
    };
    // Runs one download to its end (success or failure).
    void download(Outcome& outcome, const QString& endpoint = QString());
    QString target() const { return m_dir->filePath(QStringLiteral("sd15")); }
    QString staged(const QString& path) const { return QDir(ModelDownloader::stagingPath(target())).filePath(path); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<HubTestServer> m_server;
};

void TestModelDownloader::initTestCase()
{
    FR2R_SKIP_WITHOUT_GOLDEN();
    for (const char* name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"})
        qunsetenv(name);
}

void TestModelDownloader::init()
{
    qunsetenv("HF_TOKEN");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<HubTestServer>(kRepo);
    m_server->addTinyModel(QStringLiteral(FR2R_GOLDEN_DIR "/tiny/model"));
    QVERIFY(m_server->listen());
}

void TestModelDownloader::download(Outcome& outcome, const QString& endpoint)
{
    ModelDownloader downloader;
    downloader.setRepo(kRepo);
    downloader.setEndpoint(endpoint.isEmpty() ? m_server->endpoint() : endpoint);
    QSignalSpy succeeded(&downloader, &ModelDownloader::succeeded);
    QSignalSpy failed(&downloader, &ModelDownloader::failed);
    connect(&downloader, &ModelDownloader::progressChanged, this, [&outcome](qint64 done, qint64 total, double) {
        outcome.lastDone = done;
        outcome.total = total;
    });
    downloader.start(target());
    QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() == 1, 120000);
    outcome.folder = succeeded.isEmpty() ? QString() : succeeded.first().first().toString();
    outcome.error = failed.isEmpty() ? QString() : failed.first().first().toString();
    QVERIFY(!downloader.isRunning());
}

void TestModelDownloader::completeDownloadLoads()
{
    qputenv("HF_TOKEN", "secret-token");
    Outcome outcome;
    download(outcome);
    QCOMPARE(outcome.error, QString());
    QCOMPARE(outcome.folder, target());
    for (const QString& path : fr2r::hub::HubTree::sd15Files())
        QVERIFY2(readFile(QDir(target()).filePath(path)) == m_server->content(path), qPrintable(path));
    QVERIFY(!QFileInfo::exists(ModelDownloader::stagingPath(target())));
    QCOMPARE(outcome.lastDone, outcome.total);
    const auto checkpoint = fr2r::core::openCheckpoint(target().toStdString());
    QVERIFY(!checkpoint.singleFile);

    // Never a pickled or full-precision file; the token only to the hub, not to the host that serves LFS files.
    QVERIFY(!m_server->wasRequested(QStringLiteral(".bin")));
    QVERIFY(!m_server->wasRequested(QStringLiteral("/diffusion_pytorch_model.safetensors")));
    int cdnRequests = 0;
    for (const auto& request : m_server->requests()) {
        QCOMPARE(request.authorization, request.cdn ? QByteArray() : QByteArray("Bearer secret-token"));
        cdnRequests += request.cdn;
    }
    QCOMPARE(cdnRequests, 3);
}

void TestModelDownloader::droppedConnectionResumesWithRange()
{
    constexpr qint64 kDelivered = 1000000;
    m_server->dropAfter(kUnet, kDelivered);
    Outcome first;
    download(first);
    QVERIFY2(first.error.contains(kUnet), qPrintable(first.error));
    QVERIFY(!QFileInfo::exists(target()));
    const qint64 partial = QFileInfo(staged(kUnet)).size();
    QVERIFY2(partial > 0 && partial <= kDelivered, qPrintable(QString::number(partial)));

    Outcome second;
    download(second);
    QCOMPARE(second.error, QString());
    QCOMPARE(readFile(QDir(target()).filePath(kUnet)), m_server->content(kUnet));
    const QByteArray range = "bytes=" + QByteArray::number(partial) + '-';
    int ranged = 0;
    for (const auto& request : m_server->requests())
        ranged += request.path.endsWith(kUnet) && request.range == range;
    QCOMPARE(ranged, 2); // at the hub and after its redirect
}

void TestModelDownloader::serverIgnoringRangeStartsTheFileOver()
{
    m_server->dropAfter(kUnet, 1000000);
    Outcome first;
    download(first);
    QVERIFY(QFileInfo(staged(kUnet)).size() > 0);
    m_server->setIgnoreRange(true);
    Outcome second;
    download(second);
    QCOMPARE(second.error, QString());
    QCOMPARE(readFile(QDir(target()).filePath(kUnet)), m_server->content(kUnet));
}

void TestModelDownloader::missingVariantIsNamed()
{
    m_server->removeFile(kUnet); // a repository without the fp16 variant (its .bin and full-precision files remain)
    Outcome outcome;
    download(outcome);
    QVERIFY2(outcome.error.contains(kRepo + QStringLiteral(" has no ") + kUnet), qPrintable(outcome.error));
    QVERIFY(!m_server->wasRequested(QStringLiteral("/resolve/")));
    QVERIFY(!QFileInfo::exists(target()));
}

void TestModelDownloader::wrongHashIsRefused()
{
    m_server->setListedSha256(kVae, QByteArray(64, 'a'));
    Outcome outcome;
    download(outcome);
    QVERIFY2(outcome.error.contains(kVae) && outcome.error.contains(QStringLiteral("SHA-256")), qPrintable(outcome.error));
    QVERIFY(!QFileInfo::exists(target()));
    QVERIFY(!QFileInfo::exists(staged(kVae)));
}

void TestModelDownloader::existingTargetIsRefused()
{
    QVERIFY(QDir().mkpath(target()));
    QFile mine(QDir(target()).filePath(QStringLiteral("notes.txt")));
    QVERIFY(mine.open(QIODevice::WriteOnly));
    mine.write("mine");
    mine.close();
    ModelDownloader downloader;
    downloader.setEndpoint(m_server->endpoint());
    QVERIFY_THROWS_EXCEPTION(fr2r::InvalidArgumentError, downloader.start(target()));
    QVERIFY(!downloader.isRunning());
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(!QFileInfo::exists(ModelDownloader::stagingPath(target())));
    QCOMPARE(readFile(mine.fileName()), QByteArray("mine"));
}

void TestModelDownloader::cancelKeepsThePartialFile()
{
    constexpr qint64 kDelivered = 300000;
    m_server->stallAfter(kUnet, kDelivered);
    ModelDownloader downloader;
    downloader.setRepo(kRepo);
    downloader.setEndpoint(m_server->endpoint());
    QSignalSpy cancelled(&downloader, &ModelDownloader::cancelled);
    QSignalSpy ended(&downloader, &ModelDownloader::failed);
    downloader.start(target());
    QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(staged(kUnet)).size(), kDelivered, 60000);
    downloader.cancel();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!downloader.isRunning());
    QCoreApplication::processEvents(); // whatever the aborted reply still had queued
    QCOMPARE(ended.count(), 0);
    QCOMPARE(QFileInfo(staged(kUnet)).size(), kDelivered);
    QVERIFY(!QFileInfo::exists(target()));
}

void TestModelDownloader::unreachableHubSaysSo()
{
    QTcpServer closed; // a port nobody listens on: take one, then free it
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    Outcome outcome;
    download(outcome, QStringLiteral("http://127.0.0.1:%1").arg(port));
    QVERIFY2(outcome.error.startsWith(QStringLiteral("Cannot reach 127.0.0.1")), qPrintable(outcome.error));
    QVERIFY(!QFileInfo::exists(target()));
}

QTEST_GUILESS_MAIN(TestModelDownloader)
#include "TestModelDownloader.moc"
