#pragma once

#include "net/retry_policy.h"

#include <QSize>
#include <QString>

class QIODevice;

namespace estafette {

class HttpClient;
class MxcUri;
class PendingRequest;
struct HttpResponse;

// The content repository, authenticated (the access token on every call, as current Synapse requires for the
// client/v1 media endpoints). Bodies are streamed through QIODevices, never held whole in memory.
class MediaApi {
public:
    enum class ThumbnailMethod { Scale, Crop };

    explicit MediaApi(HttpClient *http) : m_http(http) {}
    HttpClient *http() const { return m_http; }

    // GET /_matrix/client/v1/media/config; read the answer with uploadSizeLimit().
    PendingRequest *config();
    // POST /_matrix/media/v3/upload?filename=... with `size` bytes of `body` (see HttpClient::upload). A retried
    // attempt after a lost answer may leave an unused copy on the server: harmless, and the caller only ever
    // names the URI of the answer it got. Read the answer with uploadedUri().
    PendingRequest *upload(QIODevice *body, qint64 size, const QString &contentType, const QString &fileName,
                           const RetryPolicy &retry = {});
    // GET /_matrix/client/v1/media/download/{serverName}/{mediaId} into `sink` (see HttpClient::download).
    // `maxSize` < 0: no limit.
    PendingRequest *download(const MxcUri &uri, QIODevice *sink, qint64 maxSize, const RetryPolicy &retry = {});
    // GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}?width&height&method into `sink`.
    PendingRequest *thumbnail(const MxcUri &uri, QSize size, ThumbnailMethod method, QIODevice *sink,
                              qint64 maxSize, const RetryPolicy &retry = {});

    // m.upload.size of a config answer; -1 when the server states no limit (or the answer is not one).
    static qint64 uploadSizeLimit(const HttpResponse &response);
    // content_uri of an upload answer when it is a valid mxc URI; invalid otherwise.
    static MxcUri uploadedUri(const HttpResponse &response);

    static QString methodName(ThumbnailMethod method);

private:
    HttpClient *m_http;
};

} // namespace estafette
