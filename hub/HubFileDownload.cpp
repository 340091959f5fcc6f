#include "hub/HubFileDownload.h"

#include "hub/DownloadError.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>

namespace fr2r::hub {
namespace {

// Qt stops reading from the network while this much is waiting: without it, a fast link (a LAN mirror) outruns
// hashing and writing, and the whole file piles up in memory.
constexpr qint64 kReadBuffer = 8 * 1024 * 1024;
constexpr qint64 kHashSlice = 16 * 1024 * 1024;

// The first byte of a 206 answer ("bytes 100-199/200"), or -1.
qint64 rangeStart(const QNetworkReply& reply)
{
    const QByteArray range = reply.rawHeader("Content-Range");
    if (!range.startsWith("bytes "))
        return -1;
    bool ok = false;
    const qint64 start = range.mid(6, range.indexOf('-') - 6).toLongLong(&ok);
    return ok ? start : -1;
}

} // namespace

HubFileDownload::HubFileDownload(QNetworkAccessManager* network, const HubFile& file, const HubRequest& request,
                                 const QString& localPath, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_file(file)
    , m_request(request)
    , m_local(localPath)
{
}

HubFileDownload::~HubFileDownload()
{
    abort();
}

void HubFileDownload::start()
{
    QDir().mkpath(QFileInfo(m_local.fileName()).absolutePath());
    if (!m_local.open(QIODevice::ReadWrite))
        return fail(tr("Cannot write %1: %2").arg(m_local.fileName(), m_local.errorString()));
    m_onDisk = m_local.size();
    if (m_onDisk > m_file.size)
        restart();
    m_hash.reset();
    QMetaObject::invokeMethod(this, &HubFileDownload::hashLeftPart, Qt::QueuedConnection);
}

// The part a previous run left is hashed a slice per event-loop turn: a window stays responsive, Cancel works.
void HubFileDownload::hashLeftPart()
{
    if (!m_local.isOpen()) // aborted meanwhile
        return;
    const QByteArray slice = m_local.read(std::min(kHashSlice, m_onDisk - m_local.pos()));
    m_hash.addData(slice);
    if (m_local.pos() < m_onDisk && !slice.isEmpty())
        return (void)QMetaObject::invokeMethod(this, &HubFileDownload::hashLeftPart, Qt::QueuedConnection);
    if (m_local.pos() != m_onDisk)
        return fail(tr("Cannot read %1: %2").arg(m_local.fileName(), m_local.errorString()));
    if (m_onDisk == m_file.size)
        complete();
    else
        send();
}

void HubFileDownload::abort()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_local.close();
}

void HubFileDownload::send()
{
    m_request.setRangeFrom(m_onDisk);
    m_bodyChecked = false;
    m_reply = m_network->get(m_request.request());
    m_reply->setReadBufferSize(kReadBuffer);
    connect(m_reply, &QNetworkReply::readyRead, this, &HubFileDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HubFileDownload::onFinished);
}

bool HubFileDownload::acceptBody()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 206)
        return rangeStart(*m_reply) == m_onDisk;
    if (status != 200)
        return false;
    if (m_onDisk > 0)
        restart(); // the server ignored the range: the whole file comes again
    return true;
}

void HubFileDownload::restart()
{
    m_local.resize(0);
    m_local.seek(0);
    m_hash.reset();
    m_onDisk = 0;
}

void HubFileDownload::onReadyRead()
{
    if (!m_bodyChecked) {
        m_bodyChecked = true;
        m_bodyAccepted = acceptBody();
    }
    if (!m_bodyAccepted)
        return;
    const QByteArray data = m_reply->readAll();
    if (m_onDisk + data.size() > m_file.size)
        return fail(tr("%1: the server sent more than the %2 bytes the hub lists").arg(m_file.path).arg(m_file.size));
    if (m_local.write(data) != data.size())
        return fail(tr("Cannot write %1: %2").arg(m_local.fileName(), m_local.errorString()));
    m_hash.addData(data);
    m_onDisk += data.size();
    Q_EMIT progressed(m_onDisk);
}

void HubFileDownload::onFinished()
{
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    try {
        if (m_request.followRedirect(*reply))
            return send();
    } catch (const DownloadError& error) {
        return fail(QString::fromStdString(error.what()));
    }
    onReadyRead();
    if (!m_reply) // onReadyRead failed and said why
        return;
    m_reply = nullptr;
    if (reply->error() != QNetworkReply::NoError)
        return fail(HubRequest::errorText(*reply));
    if (!m_bodyAccepted)
        return fail(tr("%1: unexpected answer from %2 (HTTP %3 %4)")
                        .arg(m_file.path, reply->url().toString(),
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toString(),
                             QString::fromLatin1(reply->rawHeader("Content-Range"))));
    if (m_onDisk != m_file.size)
        return fail(tr("%1: the connection ended after %2 of %3 bytes; run the download again to resume it")
                        .arg(m_file.path)
                        .arg(m_onDisk)
                        .arg(m_file.size));
    complete();
}

void HubFileDownload::complete()
{
    if (!m_file.sha256.isEmpty() && m_hash.result().toHex() != m_file.sha256) {
        m_local.remove();
        return fail(tr("%1: its SHA-256 (%2) is not the one the hub lists (%3); the file was deleted, run the "
                       "download again to fetch it anew")
                        .arg(m_file.path, QString::fromLatin1(m_hash.result().toHex()), QString::fromLatin1(m_file.sha256)));
    }
    m_local.close();
    Q_EMIT finished();
}

void HubFileDownload::fail(const QString& message)
{
    abort();
    Q_EMIT failed(message);
}

} // namespace fr2r::hub
