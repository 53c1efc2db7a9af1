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
};

class HttpClient;

// One logical request, possibly several attempts. Emits finished() exactly once, then deletes itself
// (deleteLater). cancel() ends it with MatrixError::Kind::Cancelled.
class PendingRequest : public QObject {
    Q_OBJECT
public:
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
    void finish(const HttpResponse &response);

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

    static QString encodeSegment(const QString &segment);

    QNetworkAccessManager *networkAccessManager() const { return m_nam; }

signals:
    // Any request answered M_UNKNOWN_TOKEN: the session is no longer valid.
    void unknownToken(const estafette::MatrixError &error);

private:
    friend class PendingRequest;
    QNetworkAccessManager *m_nam;
    QUrl m_homeserver;
    QString m_accessToken;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::HttpResponse)
Q_DECLARE_METATYPE(estafette::MatrixError)
