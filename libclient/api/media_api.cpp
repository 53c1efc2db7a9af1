#include "api/media_api.h"

#include "media/mxc_uri.h"
#include "net/http_client.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QUrlQuery>

namespace estafette {

namespace {

const QString kClientMedia = QStringLiteral("/_matrix/client/v1/media");

// Per attempt, of inactivity for streamed bodies (see PendingRequest): a slow link that keeps moving is fine.
constexpr int kTransferTimeoutMs = 60000;

QString mediaPath(const QString &what, const MxcUri &uri)
{
    // Both parts are validated to a charset that needs no escaping, but a server name may carry a port (":")
    // or an IPv6 literal: encode them as path segments all the same.
    return kClientMedia + QLatin1Char('/') + what + QLatin1Char('/') + HttpClient::encodeSegment(uri.serverName())
           + QLatin1Char('/') + HttpClient::encodeSegment(uri.mediaId());
}

RequestOptions transferOptions(const RetryPolicy &retry, qint64 maxSize)
{
    RequestOptions options;
    options.retry = retry;
    options.timeoutMs = kTransferTimeoutMs;
    options.maxBodySize = maxSize;
    return options;
}

} // namespace

PendingRequest *MediaApi::config()
{
    return m_http->get(kClientMedia + QStringLiteral("/config"));
}

PendingRequest *MediaApi::upload(QIODevice *body, qint64 size, const QString &contentType, const QString &fileName,
                                 const RetryPolicy &retry)
{
    QUrlQuery query;
    if (!fileName.isEmpty())
        query.addQueryItem(QStringLiteral("filename"), fileName);
    RequestOptions options = transferOptions(retry, -1);
    options.contentType = contentType.isEmpty() ? QByteArray("application/octet-stream") : contentType.toUtf8();
    return m_http->upload("POST", QStringLiteral("/_matrix/media/v3/upload"), query, body, size, options);
}

PendingRequest *MediaApi::download(const MxcUri &uri, QIODevice *sink, qint64 maxSize, const RetryPolicy &retry)
{
    return m_http->download(mediaPath(QStringLiteral("download"), uri), {}, sink, transferOptions(retry, maxSize));
}

PendingRequest *MediaApi::thumbnail(const MxcUri &uri, QSize size, ThumbnailMethod method, QIODevice *sink,
                                    qint64 maxSize, const RetryPolicy &retry)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("width"), QString::number(size.width()));
    query.addQueryItem(QStringLiteral("height"), QString::number(size.height()));
    query.addQueryItem(QStringLiteral("method"), methodName(method));
    // A still image: an animated thumbnail could be any size and the timeline shows a picture.
    query.addQueryItem(QStringLiteral("animated"), QStringLiteral("false"));
    return m_http->download(mediaPath(QStringLiteral("thumbnail"), uri), query, sink,
                            transferOptions(retry, maxSize));
}

qint64 MediaApi::uploadSizeLimit(const HttpResponse &response)
{
    if (!response.ok())
        return -1;
    const QJsonValue value = response.json().value(QLatin1String("m.upload.size"));
    if (!value.isDouble())
        return -1;
    const double limit = value.toDouble();
    // A JSON number: only a positive whole number of bytes is a limit.
    if (!(limit > 0) || limit > 9.0e15 || limit != double(qint64(limit)))
        return -1;
    return qint64(limit);
}

MxcUri MediaApi::uploadedUri(const HttpResponse &response)
{
    if (!response.ok())
        return {};
    return MxcUri::parse(response.json().value(QLatin1String("content_uri")).toString());
}

QString MediaApi::methodName(ThumbnailMethod method)
{
    return method == ThumbnailMethod::Crop ? QStringLiteral("crop") : QStringLiteral("scale");
}

} // namespace estafette
