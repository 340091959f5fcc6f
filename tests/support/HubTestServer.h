#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>

class QTcpSocket;

namespace fr2r::test {

// A Hugging Face hub on 127.0.0.1 for tests, in the hub's URL layout: `api/models/{repo}/tree/main/{folder}`
// listings with sizes and the SHA-256 of LFS files, `{repo}/resolve/main/{path}` downloads (LFS files redirected
// to a second port, as the hub sends them from a CDN host), Range requests, and faults on demand.
class HubTestServer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString path;
        QByteArray range;
        QByteArray authorization;
        bool cdn = false; // arrived at the second port
    };

    explicit HubTestServer(const QString& repo, QObject* parent = nullptr);

    bool listen();
    QString endpoint() const;
    // The golden tiny model under the fp16 variant's names, plus pickled and full-precision decoys.
    void addTinyModel(const QString& goldenModelDir);
    QByteArray content(const QString& path) const { return m_files.value(path).content; }

    void setListedSha256(const QString& path, const QByteArray& hex) { m_files[path].sha256 = hex; }
    void removeFile(const QString& path) { m_files.remove(path); }
    void setIgnoreRange(bool ignore) { m_ignoreRange = ignore; } // answers every Range request with the whole file
    void dropAfter(const QString& path, qint64 bytes) { m_dropAfter.insert(path, bytes); }   // once
    void stallAfter(const QString& path, qint64 bytes) { m_stallAfter.insert(path, bytes); } // once
    const QList<Request>& requests() const { return m_requests; }
    bool wasRequested(const QString& pathPart) const;

private:
    struct File
    {
        QByteArray content;
        QByteArray sha256; // empty: kept in git, not LFS
    };
    void addFile(const QString& path, const QByteArray& content);
    void onConnection(QTcpServer* server);
    void onReadyRead(QTcpSocket* socket, bool cdn);
    void answer(QTcpSocket* socket, const Request& request);
    QByteArray listing(const QString& folder) const;
    void sendFile(QTcpSocket* socket, const QString& path, const QByteArray& range);

    QString m_repo;
    QTcpServer m_hub;
    QTcpServer m_cdn;
    QHash<QString, File> m_files;
    QHash<QString, qint64> m_dropAfter;
    QHash<QString, qint64> m_stallAfter;
    QList<Request> m_requests;
    bool m_ignoreRange = false;
};

} // namespace fr2r::test
