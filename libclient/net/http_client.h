#pragma once

#include "net/matrix_error.h"
#include "net/retry_policy.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace estafette {

struct HttpResponse {
    MatrixError error;      // kind == None on success (2xx)
    int httpStatus = 0;
    QByteArray body;
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
};

class HttpClient;

// One logical request, possibly several attempts. Emits finished() exactly once, then deletes itself
// (deleteLater); do not delete it yourself. cancel() ends it with MatrixError::Kind::Cancelled and emits
// finished() before returning, whether an attempt is in flight or the request waits to retry.
// A request still pending when its HttpClient is destroyed is destroyed with it, without finished().
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

private:
    friend class HttpClient;
    PendingRequest(HttpClient *client, QByteArray verb, QUrl url, QByteArray body, RequestOptions options);
    void startAttempt();
    void onReplyFinished();
    void onTimeout();
    void finish(const HttpResponse &response);
    void dropReply();

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
