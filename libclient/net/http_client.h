#pragma once

#include "net/matrix_error.h"
#include "net/retry_policy.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace estafette {

struct HttpResponse {
    // What went wrong with a body streamed into a sink (HttpClient::download); error says it too.
    enum class BodyProblem {
        None,
        Truncated,  // not the announced length: the connection dropped mid-body, or more bytes than Content-Length
                    // came (error: Network, transient: the sink's owner may start over)
        TooLarge,   // more than RequestOptions::maxBodySize, announced or received (error: InvalidResponse)
        SinkFailed, // the sink refused a write (disk full...) (error: InvalidResponse)
    };

    MatrixError error;      // kind == None on success (2xx)
    int httpStatus = 0;
    QByteArray body;        // empty for a 2xx body streamed into a sink
    QByteArray contentType; // the Content-Type header of the answer
    qint64 bodySize = 0;    // bytes written into the sink (download)
    BodyProblem bodyProblem = BodyProblem::None;
    bool ok() const { return error.ok(); }
    // The body parsed as a JSON object; empty object when it is not one.
    QJsonObject json() const;
};

struct RequestOptions {
    int timeoutMs = 30000;         // per attempt
    RetryPolicy retry;             // transient failures retried with backoff
    bool authenticated = true;     // adds "Authorization: Bearer <token>" when a token is set
                                   // (and only when the URL is on the homeserver set with setHomeserver)
    QByteArray contentType = "application/json"; // sent with a non-empty body
    qint64 maxBodySize = -1;       // download into a sink: a larger body (announced or received) is refused
};

class HttpClient;

// One logical request, possibly several attempts. Emits finished() exactly once, then deletes itself
// (deleteLater); do not delete it yourself. cancel() ends it with MatrixError::Kind::Cancelled and emits
// finished() before returning, whether an attempt is in flight or the request waits to retry.
// A request still pending when its HttpClient is destroyed is destroyed with it, without finished().
//
// Streamed requests (HttpClient::upload / download) move their body through a QIODevice in chunks, never whole
// in memory. Their timeout is one of inactivity: it restarts whenever bytes go out or come in, so a long
// transfer that keeps moving is never cut. An upload's retried attempt starts again from where the device
// was when the request was made (a sequential device is not retried). A sink that writes asynchronously (its
// bytesToWrite() grows, bytesWritten() says when it shrinks) is fed only while it holds less than a few MiB:
// reading the reply waits, and QNAM stops reading the socket. A download is retried only while nothing
// was written into its sink yet; after that a failure ends the request, and its owner, who knows how to start
// its sink over, decides whether to begin again.
class PendingRequest : public QObject {
    Q_OBJECT
public:
    ~PendingRequest() override;
    void cancel();
    int attempts() const { return m_attempts; }
    bool isFinished() const { return m_finished; }

signals:
    void finished(const estafette::HttpResponse &response);
    // A transient failure will be retried after delayMs.
    void retrying(const estafette::MatrixError &error, int delayMs);
    // Streamed requests: bytes of this attempt's body sent / received so far; total is -1 when unknown.
    void uploadProgress(qint64 sent, qint64 total);
    void downloadProgress(qint64 received, qint64 total);

private:
    friend class HttpClient;
    struct Stream {
        QIODevice *upload = nullptr; // request body, `uploadSize` bytes from its position now
        qint64 uploadSize = 0;
        QIODevice *sink = nullptr;   // where a 2xx response body goes
    };
    PendingRequest(HttpClient *client, QByteArray verb, QUrl url, QByteArray body, RequestOptions options,
                   Stream stream);
    void startAttempt();
    void onReplyFinished();
    void onReadyRead();
    void onSinkDrained();
    void onTimeout();
    void finish(const HttpResponse &response);
    void dropReply();
    bool isStreamed() const { return m_hasUpload || m_hasSink; }
    void restartIdleTimer();
    // Moves what the reply has into the sink (2xx) or the error body (anything else). False once it failed.
    bool drainReply(QNetworkReply *reply);
    void failBody(HttpResponse::BodyProblem problem, const QString &detail);
    bool mayRetryBody() const;

    HttpClient *m_client;
    QByteArray m_verb;
    QUrl m_url;
    QByteArray m_body;
    RequestOptions m_options;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_timeoutTimer = nullptr;
    QTimer *m_retryTimer = nullptr;
    int m_attempts = 0;
    bool m_timedOut = false;
    bool m_tlsFailed = false;
    MatrixError::TlsProblem m_tlsProblem = MatrixError::TlsProblem::Other;
    bool m_finished = false;

    // Streaming (see the class comment).
    bool m_hasUpload = false;
    bool m_hasSink = false;
    QPointer<QIODevice> m_upload;
    qint64 m_uploadSize = 0;
    qint64 m_uploadStart = 0;
    QPointer<QIODevice> m_sink;
    bool m_statusSeen = false;    // this attempt's status was looked at (first body bytes)
    bool m_bodyToSink = false;    // this attempt's body is a 2xx one, going into the sink
    bool m_sinkWritten = false;   // some bytes went into the sink (then no retry)
    bool m_throttled = false;     // the sink is behind (bytesToWrite()): reading waits for its bytesWritten()
    bool m_sinkConnected = false;
    qint64 m_expected = -1;       // Content-Length of this attempt's 2xx body
    qint64 m_received = 0;        // bytes of it written into the sink
    QByteArray m_errorBody;       // a non-2xx body (capped), for the Matrix error
    QByteArray m_contentType;
    HttpResponse::BodyProblem m_bodyProblem = HttpResponse::BodyProblem::None;
    QString m_bodyProblemDetail;
};

// JSON over HTTP to one homeserver, through one QNetworkAccessManager per account.
// TLS errors are never ignored.
class HttpClient : public QObject {
    Q_OBJECT
public:
    explicit HttpClient(QObject *parent = nullptr);

    void setHomeserver(const QUrl &baseUrl);
    QUrl homeserver() const { return m_homeserver; }
    void setAccessToken(const QString &token);
    QString accessToken() const { return m_accessToken; }

    // `path` starts with "/_matrix/..."; path segments must already be percent-encoded (use encodeSegment).
    PendingRequest *get(const QString &path, const QUrlQuery &query = {}, const RequestOptions &options = {});
    PendingRequest *post(const QString &path, const QJsonObject &body, const RequestOptions &options = {});
    PendingRequest *put(const QString &path, const QJsonObject &body, const RequestOptions &options = {});
    PendingRequest *send(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                         const QByteArray &body, const RequestOptions &options);
    // Absolute URL variant (discovery); not authenticated unless options say so.
    PendingRequest *getUrl(const QUrl &url, const RequestOptions &options);

    // Streams `size` bytes of `body` (open for reading, from its current position) as the request body, with
    // options.contentType and uploadProgress(). `body` must outlive the request (until finished()).
    PendingRequest *upload(const QByteArray &verb, const QString &path, const QUrlQuery &query, QIODevice *body,
                           qint64 size, const RequestOptions &options);
    // GET whose 2xx body is written into `sink` (open for writing) as it arrives, with downloadProgress(): the
    // response's body stays empty and bodySize counts the bytes. A body over options.maxBodySize or shorter
    // than its Content-Length fails (bodyProblem). Asks for the identity encoding: bytes as the server keeps
    // them, never inflated on the way. `sink` must outlive the request.
    PendingRequest *download(const QString &path, const QUrlQuery &query, QIODevice *sink,
                             const RequestOptions &options);

    // Percent-encodes everything but RFC 3986 unreserved characters ("!room:example.org" -> "%21room%3Aexample.org").
    static QString encodeSegment(const QString &segment);
    // The homeserver URL for `path` (already encoded) and `query`.
    QUrl urlFor(const QString &path, const QUrlQuery &query = {}) const;

    QNetworkAccessManager *networkAccessManager() const { return m_nam; }

signals:
    // Any request answered M_UNKNOWN_TOKEN: the session is no longer valid.
    void unknownToken(const estafette::MatrixError &error);

private:
    friend class PendingRequest;
    bool mayAuthenticate(const QUrl &url) const;
    QNetworkAccessManager *m_nam;
    QUrl m_homeserver;
    QString m_accessToken;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::HttpResponse)
