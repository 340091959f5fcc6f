#pragma once

#include "hub/HubRequest.h"
#include "hub/HubTree.h"

#include <QCryptographicHash>
#include <QFile>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace fr2r::hub {

// One file of a repository into a local file that is kept between runs: start() goes on from the bytes already
// there with a Range request (starting over when the server ignores it), hashes what it writes, and checks size
// and SHA-256 at the end; a mismatch deletes the file.
class HubFileDownload : public QObject
{
    Q_OBJECT

public:
    HubFileDownload(QNetworkAccessManager* network, const HubFile& file, const HubRequest& request,
                    const QString& localPath, QObject* parent = nullptr);
    ~HubFileDownload() override;

    void start(); // hashes the bytes already on disk first, then asks for the rest
    void abort(); // keeps the partial file; no signal follows
    qint64 bytesOnDisk() const { return m_onDisk; }

Q_SIGNALS:
    void progressed(qint64 bytesOnDisk);
    void finished(); // complete and checked
    void failed(const QString& message);

private:
    void hashLeftPart();
    void send();
    void onReadyRead();
    void onFinished();
    bool acceptBody(); // false when the reply's body is not this file's next bytes
    void restart();
    void complete();
    void fail(const QString& message);

    QNetworkAccessManager* m_network;
    HubFile m_file;
    HubRequest m_request;
    QFile m_local;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QNetworkReply* m_reply = nullptr;
    qint64 m_onDisk = 0;
    bool m_bodyChecked = false;  // the status of the current reply was looked at
    bool m_bodyAccepted = false; // ... and its body is the file's next bytes
};

} // namespace fr2r::hub
