#pragma once

#include "hub/HubRequest.h"
#include "hub/HubTree.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace fr2r::hub {

class HubFileDownload;

// Downloads a Stable Diffusion 1.x diffusers folder (HubTree::sd15Files) from a Hugging Face hub into a new folder.
// The files gather in a hidden staging folder beside the target (".NAME.partial"), which a later run resumes; each
// LFS file's SHA-256 is checked against the hub's listing, and the folder is renamed into place only when every file
// is there, so a half-finished download is never taken for a model. The proxy comes from the environment, a token
// from HF_TOKEN (sent to the hub's own host only).
class ModelDownloader : public QObject
{
    Q_OBJECT

public:
    static QString defaultRepo();     // stable-diffusion-v1-5/stable-diffusion-v1-5
    static QString defaultEndpoint(); // $HF_ENDPOINT, else https://huggingface.co
    static QString stagingPath(const QString& target);

    explicit ModelDownloader(QObject* parent = nullptr);
    ~ModelDownloader() override;

    void setRepo(const QString& repo) { m_repo = repo; }
    void setEndpoint(const QString& endpoint) { m_endpoint = endpoint; }

    // Throws fr2r::InvalidArgumentError, before anything is written, for an existing target, a malformed repository
    // id or endpoint, or while a download runs; then works on in the event loop until one of the last three signals.
    void start(const QString& target);
    void cancel(); // keeps the partial files for a later run; emits cancelled()
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progressChanged(qint64 done, qint64 total, double etaSeconds); // etaSeconds < 0: not known yet
    void fileStarted(const QString& path);
    void succeeded(const QString& folder);
    void failed(const QString& message);
    void cancelled();

private:
    QUrl url(const QString& path) const;
    void listFolder(int index);
    void sendListing();
    void onListing();
    void downloadFile(int index);
    void onFileProgress(qint64 onDisk);
    void finish();
    void stop();
    void fail(const QString& message);

    QNetworkAccessManager* m_network;
    QString m_repo;
    QString m_endpoint;
    QByteArray m_token;
    QString m_target;
    QString m_staging;
    bool m_running = false;

    QStringList m_folders;
    QList<HubFile> m_listed;
    QList<HubFile> m_files;
    HubRequest m_listingRequest{QUrl(), QByteArray()};
    QNetworkReply* m_listing = nullptr;
    int m_folderIndex = 0;
    HubFileDownload* m_download = nullptr;
    int m_fileIndex = 0;

    qint64 m_total = 0;
    qint64 m_doneBefore = 0;  // bytes of the files already complete
    qint64 m_resumed = 0;     // bytes that were on disk when this run found them
    QElapsedTimer m_clock;    // since the first file started
    QElapsedTimer m_lastSignal;
};

} // namespace fr2r::hub
