#include "hub/HubRequest.h"

#include "hub/DownloadError.h"

#include <QCoreApplication>
#include <QNetworkReply>

namespace fr2r::hub {
namespace {

constexpr int kMaxRedirects = 10;

QString tr(const char* text)
{
    return QCoreApplication::translate("fr2r::hub::HubRequest", text);
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme() == b.scheme() && a.host() == b.host() && a.port(-1) == b.port(-1);
}

bool unreachable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

} // namespace

HubRequest::HubRequest(const QUrl& url, const QByteArray& token)
    : m_origin(url)
    , m_url(url)
    , m_token(token)
{
}

QNetworkRequest HubRequest::request() const
{
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("fashionr2r-studio"));
    if (!m_token.isEmpty() && sameOrigin(m_url, m_origin))
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (m_rangeFrom > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_rangeFrom) + '-');
    return request;
}

bool HubRequest::followRedirect(const QNetworkReply& reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 300 || status > 399 || status == 304)
        return false;
    const QByteArray location = reply.rawHeader("Location");
    const QUrl target = m_url.resolved(QUrl::fromEncoded(location));
    if (location.isEmpty() || !target.isValid())
        throw DownloadError(m_url.toString().toStdString() + ": HTTP " + std::to_string(status) + " without a target");
    if (m_url.scheme() == QLatin1String("https") && target.scheme() != QLatin1String("https"))
        throw DownloadError(m_url.toString().toStdString() + ": refused a redirect from https to " +
                            target.toString().toStdString());
    if (++m_redirects > kMaxRedirects)
        throw DownloadError(m_origin.toString().toStdString() + ": more than 10 redirects");
    m_url = target;
    return true;
}

QString HubRequest::errorText(const QNetworkReply& reply)
{
    const QUrl url = reply.request().url();
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 || status == 403)
        return tr("%1: access denied (HTTP %2). Set HF_TOKEN to a Hugging Face token that may read this repository "
                  "(some ask you to accept their licence on their web page first).")
            .arg(url.toString())
            .arg(status);
    if (status == 404)
        return tr("%1: not found (HTTP 404); check the repository name.").arg(url.toString());
    if (status >= 400)
        return tr("%1: HTTP %2 %3")
            .arg(url.toString())
            .arg(status)
            .arg(reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    if (unreachable(reply.error()))
        return tr("Cannot reach %1 (%2). Are you offline? Check the network connection; a proxy is taken from the "
                  "https_proxy and http_proxy variables.")
            .arg(url.host(), reply.errorString());
    return tr("%1: %2; run the download again to resume it.").arg(url.toString(), reply.errorString());
}

} // namespace fr2r::hub
