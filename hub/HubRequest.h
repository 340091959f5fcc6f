#pragma once

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

class QNetworkReply;

namespace fr2r::hub {

// One GET to the hub, through its redirects. Redirects are followed here rather than by Qt, which would forward
// every header: the token goes only to the origin first asked (the hub sends LFS files from another host), and
// the byte range of a resumed file goes everywhere.
class HubRequest
{
public:
    HubRequest(const QUrl& url, const QByteArray& token);

    void setRangeFrom(qint64 offset) { m_rangeFrom = offset; }
    QNetworkRequest request() const;
    const QUrl& url() const { return m_url; }

    // When the reply is a redirect: moves to its target and returns true. Throws DownloadError on a redirect
    // from https to http, without a target, or after too many.
    bool followRedirect(const QNetworkReply& reply);

    // What went wrong with a reply, for one line: offline and DNS failures say so, HTTP errors give the status.
    static QString errorText(const QNetworkReply& reply);

private:
    QUrl m_origin;
    QUrl m_url;
    QByteArray m_token;
    qint64 m_rangeFrom = 0;
    int m_redirects = 0;
};

} // namespace fr2r::hub
