#include "hub/ModelDownloader.h"

#include "core/api/Error.h"
#include "hub/DownloadError.h"
#include "hub/HubFileDownload.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QRegularExpression>

namespace fr2r::hub {
namespace {

constexpr int kSignalIntervalMs = 100; // progress at most ten times a second
constexpr int kTransferTimeoutMs = 60000; // a connection that stalls this long fails (and resumes next run)

void checkRepo(const QString& repo)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9][\\w.-]*(/[A-Za-z0-9][\\w.-]*)?$"));
    if (!id.match(repo).hasMatch() || repo.contains(QLatin1String("..")))
        throw InvalidArgumentError("'" + repo.toStdString() + "' is not a Hugging Face repository id (owner/name)");
}

void checkEndpoint(const QString& endpoint)
{
    const QUrl url(endpoint, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        throw InvalidArgumentError("'" + endpoint.toStdString() + "' is not an http(s) address of a Hugging Face hub");
}

} // namespace

QString ModelDownloader::defaultRepo()
{
    return QStringLiteral("stable-diffusion-v1-5/stable-diffusion-v1-5");
}

QString ModelDownloader::defaultEndpoint()
{
    return qEnvironmentVariable("HF_ENDPOINT", QStringLiteral("https://huggingface.co"));
}

QString ModelDownloader::stagingPath(const QString& target)
{
    const QFileInfo info(QDir::cleanPath(target));
    return info.dir().filePath(QLatin1Char('.') + info.fileName() + QLatin1String(".partial"));
}

ModelDownloader::ModelDownloader(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_repo(defaultRepo())
    , m_endpoint(defaultEndpoint())
    , m_token(qgetenv("HF_TOKEN"))
{
    QNetworkProxyFactory::setUseSystemConfiguration(true); // http_proxy, https_proxy, no_proxy
    m_network->setTransferTimeout(kTransferTimeoutMs);
}

ModelDownloader::~ModelDownloader()
{
    stop();
}

void ModelDownloader::start(const QString& target)
{
    if (m_running)
        throw InvalidArgumentError("a download is already running");
    m_target = QDir::cleanPath(QFileInfo(target).absoluteFilePath());
    if (QFileInfo::exists(m_target))
        throw InvalidArgumentError(m_target.toStdString() +
                                   ": already exists; choose a new folder (a download never writes into an existing one)");
    checkRepo(m_repo);
    checkEndpoint(m_endpoint);
    m_staging = stagingPath(m_target);
    if (!QDir().mkpath(m_staging))
        throw DownloadError(m_staging.toStdString() + ": cannot be created (no permission? no space?)");
    m_running = true;
    m_folders = HubTree::folders(HubTree::sd15Files());
    m_listed.clear();
    listFolder(0);
}

void ModelDownloader::cancel()
{
    if (!m_running)
        return;
    stop();
    Q_EMIT cancelled();
}

QUrl ModelDownloader::url(const QString& path) const
{
    QString base = m_endpoint;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QLatin1Char('/') + path);
}

void ModelDownloader::listFolder(int index)
{
    QString path = QStringLiteral("api/models/%1/tree/main").arg(m_repo);
    if (!m_folders.at(index).isEmpty())
        path += QLatin1Char('/') + m_folders.at(index);
    m_folderIndex = index;
    m_listingRequest = HubRequest(url(path), m_token);
    sendListing();
}

void ModelDownloader::sendListing()
{
    m_listing = m_network->get(m_listingRequest.request());
    connect(m_listing, &QNetworkReply::finished, this, &ModelDownloader::onListing);
}

void ModelDownloader::onListing()
{
    QNetworkReply* reply = m_listing;
    m_listing = nullptr;
    reply->deleteLater();
    try {
        if (m_listingRequest.followRedirect(*reply))
            return sendListing();
        if (reply->error() != QNetworkReply::NoError)
            return fail(HubRequest::errorText(*reply));
        m_listed += HubTree::parseListing(reply->readAll(), m_listingRequest.url().toString());
        if (m_folderIndex + 1 < m_folders.size())
            return listFolder(m_folderIndex + 1);
        m_files = HubTree::select(m_listed, HubTree::sd15Files(), m_repo);
    } catch (const DownloadError& error) {
        return fail(QString::fromStdString(error.what()));
    }
    m_total = 0;
    for (const HubFile& file : m_files)
        m_total += file.size;
    m_doneBefore = 0;
    m_resumed = 0;
    m_clock.start();
    m_lastSignal.invalidate();
    downloadFile(0);
}

void ModelDownloader::downloadFile(int index)
{
    if (index == m_files.size())
        return finish();
    m_fileIndex = index;
    const HubFile& file = m_files.at(index);
    const HubRequest request(url(m_repo + QLatin1String("/resolve/main/") + file.path), m_token);
    m_download = new HubFileDownload(m_network, file, request, QDir(m_staging).filePath(file.path), this);
    connect(m_download, &HubFileDownload::progressed, this, &ModelDownloader::onFileProgress);
    connect(m_download, &HubFileDownload::failed, this, &ModelDownloader::fail);
    connect(m_download, &HubFileDownload::finished, this, [this] {
        m_doneBefore += m_files.at(m_fileIndex).size;
        m_download->deleteLater();
        m_download = nullptr;
        m_lastSignal.invalidate();
        onFileProgress(0);
        downloadFile(m_fileIndex + 1);
    });
    Q_EMIT fileStarted(file.path);
    m_download->start();
    if (m_download)
        m_resumed += m_download->bytesOnDisk();
}

void ModelDownloader::onFileProgress(qint64 onDisk)
{
    if (m_lastSignal.isValid() && m_lastSignal.elapsed() < kSignalIntervalMs)
        return;
    m_lastSignal.start();
    const qint64 done = m_doneBefore + onDisk;
    const qint64 fetched = done - m_resumed;
    const double elapsed = m_clock.elapsed() / 1000.0;
    const double eta = fetched > 0 && elapsed > 0.5 ? elapsed * double(m_total - done) / double(fetched) : -1.0;
    Q_EMIT progressChanged(done, m_total, eta);
}

void ModelDownloader::finish()
{
    m_running = false;
    if (QFileInfo::exists(m_target))
        return Q_EMIT failed(tr("%1 appeared during the download; the files stay in %2").arg(m_target, m_staging));
    if (!QDir().rename(m_staging, m_target))
        return Q_EMIT failed(tr("Cannot rename %1 to %2").arg(m_staging, m_target));
    Q_EMIT succeeded(m_target);
}

void ModelDownloader::stop()
{
    m_running = false;
    if (m_listing) {
        m_listing->disconnect(this);
        m_listing->abort();
        m_listing->deleteLater();
        m_listing = nullptr;
    }
    if (m_download) {
        m_download->disconnect(this);
        m_download->abort();
        m_download->deleteLater();
        m_download = nullptr;
    }
}

void ModelDownloader::fail(const QString& message)
{
    stop();
    Q_EMIT failed(message);
}

} // namespace fr2r::hub
