#include "support/HubTestServer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

namespace fr2r::test {
namespace {

const QString kResolve = QStringLiteral("/resolve/main/");

void sendStatus(QTcpSocket* socket, const QByteArray& status, const QByteArray& headers, const QByteArray& body)
{
    socket->write("HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                  "\r\nConnection: close\r\n" + headers + "\r\n" + body);
    socket->disconnectFromHost();
}

// The diffusers file name of the fp16 variant a golden file stands for.
QString fp16Name(const QString& path)
{
    if (!path.endsWith(QLatin1String(".safetensors")))
        return path;
    return path.chopped(int(qstrlen(".safetensors"))) + QLatin1String(".fp16.safetensors");
}

} // namespace

HubTestServer::HubTestServer(const QString& repo, QObject* parent)
    : QObject(parent)
    , m_repo(repo)
{
    connect(&m_hub, &QTcpServer::newConnection, this, [this] { onConnection(&m_hub); });
    connect(&m_cdn, &QTcpServer::newConnection, this, [this] { onConnection(&m_cdn); });
}

bool HubTestServer::listen()
{
    return m_hub.listen(QHostAddress::LocalHost) && m_cdn.listen(QHostAddress::LocalHost);
}

QString HubTestServer::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_hub.serverPort());
}

void HubTestServer::addTinyModel(const QString& goldenModelDir)
{
    const QDir root(goldenModelDir);
    QDirIterator it(goldenModelDir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file.fileName()));
        const QByteArray bytes = file.readAll();
        const QString path = root.relativeFilePath(file.fileName());
        addFile(fp16Name(path), bytes);
        if (path.endsWith(QLatin1String(".safetensors"))) {
            addFile(path, bytes); // the full-precision file a repository lists beside the variant
            addFile(path.section(QLatin1Char('.'), 0, 0) + QLatin1String(".bin"), "pickle");
        }
    }
}

void HubTestServer::addFile(const QString& path, const QByteArray& content)
{
    const bool lfs = path.endsWith(QLatin1String(".safetensors")) || path.endsWith(QLatin1String(".bin"));
    m_files.insert(path, {content, lfs ? QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex() : QByteArray()});
}

bool HubTestServer::wasRequested(const QString& pathPart) const
{
    for (const Request& request : m_requests)
        if (request.path.contains(pathPart))
            return true;
    return false;
}

void HubTestServer::onConnection(QTcpServer* server)
{
    while (QTcpSocket* socket = server->nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        const bool cdn = server == &m_cdn;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, cdn] {
            *buffer += socket->readAll();
            const int end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            Request request;
            request.path = QUrl::fromPercentEncoding(lines.first().split(' ').value(1));
            request.cdn = cdn;
            for (const QByteArray& line : lines) {
                const int colon = line.indexOf(':');
                const QByteArray name = line.left(colon).trimmed().toLower();
                if (name == "range")
                    request.range = line.mid(colon + 1).trimmed();
                if (name == "authorization")
                    request.authorization = line.mid(colon + 1).trimmed();
            }
            buffer->clear();
            m_requests.append(request);
            answer(socket, request);
        });
    }
}

void HubTestServer::answer(QTcpSocket* socket, const Request& request)
{
    const QString api = QStringLiteral("/api/models/%1/tree/main").arg(m_repo);
    const QString resolve = QLatin1Char('/') + m_repo + kResolve;
    if (request.path == api || request.path.startsWith(api + QLatin1Char('/')))
        return sendStatus(socket, "200 OK", "Content-Type: application/json\r\n", listing(request.path.mid(api.size() + 1)));
    if (request.cdn && request.path.startsWith(resolve))
        return sendFile(socket, request.path.mid(resolve.size()), request.range);
    const QString path = request.path.mid(resolve.size());
    if (!request.path.startsWith(resolve) || !m_files.contains(path))
        return sendStatus(socket, "404 Not Found", {}, "Entry not found");
    if (m_files.value(path).sha256.isEmpty())
        return sendFile(socket, path, request.range);
    const QByteArray cdn = QStringLiteral("http://127.0.0.1:%1%2").arg(m_cdn.serverPort()).arg(request.path).toUtf8();
    sendStatus(socket, "302 Found", "Location: " + cdn + "\r\n", {});
}

QByteArray HubTestServer::listing(const QString& folder) const
{
    QJsonArray entries;
    QStringList folders;
    for (auto it = m_files.begin(); it != m_files.end(); ++it) {
        const QString parent = it.key().section(QLatin1Char('/'), 0, -2);
        if (folder.isEmpty() && !parent.isEmpty() && !folders.contains(parent)) {
            folders.append(parent);
            entries.append(QJsonObject{{"type", "directory"}, {"path", parent}, {"size", 0}});
        }
        if (parent != folder)
            continue;
        QJsonObject entry{{"type", "file"}, {"path", it.key()}, {"size", it->content.size()}};
        if (!it->sha256.isEmpty())
            entry.insert("lfs", QJsonObject{{"oid", QString::fromLatin1(it->sha256)}, {"size", it->content.size()}});
        entries.append(entry);
    }
    return QJsonDocument(entries).toJson(QJsonDocument::Compact);
}

void HubTestServer::sendFile(QTcpSocket* socket, const QString& path, const QByteArray& range)
{
    const QByteArray content = m_files.value(path).content;
    qint64 from = 0;
    if (range.startsWith("bytes=") && !m_ignoreRange)
        from = range.mid(6, range.indexOf('-') - 6).toLongLong();
    const QByteArray status = from > 0 ? "206 Partial Content" : "200 OK";
    QByteArray headers = "HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(content.size() - from) +
                         "\r\nConnection: close\r\n";
    if (from > 0)
        headers += "Content-Range: bytes " + QByteArray::number(from) + '-' + QByteArray::number(content.size() - 1) +
                   '/' + QByteArray::number(content.size()) + "\r\n";
    socket->write(headers + "\r\n");
    if (m_stallAfter.contains(path)) { // some bytes, then silence until the client gives up
        socket->write(content.mid(from, m_stallAfter.take(path)));
        return;
    }
    socket->write(content.mid(from, m_dropAfter.contains(path) ? m_dropAfter.take(path) : -1));
    socket->disconnectFromHost();
}

} // namespace fr2r::test
