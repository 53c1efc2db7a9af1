#include "net/http_client.h"

#include "net/net_logging.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>

namespace estafette {

Q_LOGGING_CATEGORY(lcNet, "estafette.net")

namespace {

// Streamed bodies move in chunks of this size; QNAM holds at most kReadBuffer bytes of a download we have not
// read yet (it stops reading the socket beyond that), so memory stays bounded whatever the body's size.
constexpr qint64 kChunk = 64 * 1024;
constexpr qint64 kReadBuffer = 1024 * 1024;
// A sink that writes on another thread (bytesToWrite() / bytesWritten()) holds at most this much before we stop
// reading the reply; the reply's buffer then fills and QNAM stops reading the socket.
constexpr qint64 kMaxSinkBacklog = 4 * 1024 * 1024;
// Enough of an error answer to read its Matrix error; the rest is dropped.
constexpr qsizetype kMaxErrorBody = 64 * 1024;

const int kRegisteredTypes = [] {
    qRegisterMetaType<HttpResponse>();
    qRegisterMetaType<MatrixError>();
    return 0;
}();

// Only the path: queries may carry tokens (since, from) that have no place in logs.
QString logPath(const QUrl &url)
{
    return url.path(QUrl::FullyEncoded);
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
           && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
                  == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

// The most telling of a handshake's certificate errors: an untrusted issuer first (then the name and dates can't
// be believed anyway), then a name mismatch, then dates.
MatrixError::TlsProblem tlsProblemOf(const QList<QSslError> &errors)
{
    bool wrongHost = false;
    bool expired = false;
    for (const QSslError &error : errors) {
        switch (error.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::CertificateSignatureFailed:
        case QSslError::InvalidCaCertificate:
            return MatrixError::TlsProblem::Untrusted;
        case QSslError::HostNameMismatch:
            wrongHost = true;
            break;
        case QSslError::CertificateExpired:
        case QSslError::CertificateNotYetValid:
            expired = true;
            break;
        default:
            break;
        }
    }
    if (wrongHost)
        return MatrixError::TlsProblem::WrongHost;
    return expired ? MatrixError::TlsProblem::Expired : MatrixError::TlsProblem::Other;
}

MatrixError transportError(QNetworkReply::NetworkError code, const QString &description)
{
    switch (code) {
    case QNetworkReply::SslHandshakeFailedError:
        return MatrixError::tls(description);
    case QNetworkReply::OperationCanceledError:
        return MatrixError::cancelled();
    case QNetworkReply::TimeoutError:
        return MatrixError::timeout();
    default:
        return MatrixError::network(description);
    }
}

} // namespace

QJsonObject HttpResponse::json() const
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return doc.object();
}

// ---------------------------------------------------------------------------------------------------------
// PendingRequest

PendingRequest::PendingRequest(HttpClient *client, QByteArray verb, QUrl url, QByteArray body,
                               RequestOptions options, Stream stream)
    : QObject(client)
    , m_client(client)
    , m_verb(std::move(verb))
    , m_url(std::move(url))
    , m_body(std::move(body))
    , m_options(std::move(options))
    , m_timeoutTimer(new QTimer(this))
    , m_retryTimer(new QTimer(this))
    , m_hasUpload(stream.upload != nullptr)
    , m_hasSink(stream.sink != nullptr)
    , m_upload(stream.upload)
    , m_uploadSize(stream.uploadSize)
    , m_uploadStart(stream.upload ? stream.upload->pos() : 0)
    , m_sink(stream.sink)
{
    m_timeoutTimer->setSingleShot(true);
    m_retryTimer->setSingleShot(true);
    // A coarse timer may fire up to 5% early: a server's retry-after must be honoured in full.
    m_retryTimer->setTimerType(Qt::PreciseTimer);
    connect(m_timeoutTimer, &QTimer::timeout, this, &PendingRequest::onTimeout);
    connect(m_retryTimer, &QTimer::timeout, this, &PendingRequest::startAttempt);
}

PendingRequest::~PendingRequest()
{
    dropReply();
}

void PendingRequest::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void PendingRequest::startAttempt()
{
    if (m_finished)
        return;
    ++m_attempts;
    m_timedOut = false;
    m_tlsFailed = false;
    m_tlsProblem = MatrixError::TlsProblem::Other;
    m_statusSeen = false;
    m_bodyToSink = false;
    m_throttled = false;
    m_expected = -1;
    m_received = 0;
    m_errorBody.clear();
    m_contentType.clear();
    m_bodyProblem = HttpResponse::BodyProblem::None;
    m_bodyProblemDetail.clear();

    if ((m_hasUpload && !m_upload) || (m_hasSink && !m_sink)) {
        HttpResponse response;
        response.error = MatrixError::invalidResponse(QStringLiteral("the request's body device is gone"));
        // Not from inside the caller's call that made the request: finished() comes from the event loop.
        QMetaObject::invokeMethod(this, [this, response] { finish(response); }, Qt::QueuedConnection);
        return;
    }
    if (m_hasUpload && m_attempts > 1 && !m_upload->seek(m_uploadStart)) {
        HttpResponse response;
        response.error = MatrixError::invalidResponse(QStringLiteral("the upload could not be started again"));
        QMetaObject::invokeMethod(this, [this, response] { finish(response); }, Qt::QueuedConnection);
        return;
    }

    QNetworkRequest request(m_url);
    if (m_hasUpload) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_options.contentType);
        request.setHeader(QNetworkRequest::ContentLengthHeader, m_uploadSize);
        // Read from the device as the socket takes it, never copied whole into memory first.
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    } else if (!m_body.isEmpty() || m_verb == "POST" || m_verb == "PUT") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_options.contentType);
    }
    if (m_hasSink) {
        request.setRawHeader("Accept", "*/*");
        // QNAM would otherwise ask for gzip and inflate it: Content-Length would not count what we receive,
        // and a small body could inflate into a huge one.
        request.setRawHeader("Accept-Encoding", "identity");
    } else {
        request.setRawHeader("Accept", "application/json");
    }
    const bool withToken = m_options.authenticated && m_client->mayAuthenticate(m_url);
    if (withToken)
        request.setRawHeader("Authorization", "Bearer " + m_client->m_accessToken.toUtf8());
    // The token must never follow a redirect to another origin; unauthenticated requests (discovery)
    // may follow redirects, but never from https to http.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         withToken ? QNetworkRequest::SameOriginRedirectPolicy
                                   : QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = m_hasUpload ? m_client->m_nam->sendCustomRequest(request, m_verb, m_upload.data())
                                       : m_client->m_nam->sendCustomRequest(request, m_verb, m_body);
    m_reply = reply;
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        // Never ignored: the handshake fails and the reply finishes with an error.
        m_tlsFailed = true;
        m_tlsProblem = tlsProblemOf(errors);
        qCWarning(lcNet) << m_verb.constData() << logPath(m_url) << "TLS errors:" << errors.size();
    });
    connect(reply, &QNetworkReply::finished, this, &PendingRequest::onReplyFinished);
    if (m_hasUpload) {
        connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
            restartIdleTimer();
            if (sent > 0 || total > 0)
                emit uploadProgress(sent, total > 0 ? total : m_uploadSize);
        });
    }
    if (m_hasSink) {
        reply->setReadBufferSize(kReadBuffer);
        connect(reply, &QNetworkReply::readyRead, this, &PendingRequest::onReadyRead);
        if (!m_sinkConnected) {
            m_sinkConnected = true;
            connect(m_sink, &QIODevice::bytesWritten, this, &PendingRequest::onSinkDrained);
        }
    }
    if (m_options.timeoutMs > 0)
        m_timeoutTimer->start(m_options.timeoutMs);
    if (reply->isFinished()) // some replies (invalid URL, unsupported scheme) may already be done
        QMetaObject::invokeMethod(this, &PendingRequest::onReplyFinished, Qt::QueuedConnection);
}

void PendingRequest::restartIdleTimer()
{
    if (isStreamed() && m_options.timeoutMs > 0 && m_timeoutTimer->isActive())
        m_timeoutTimer->start(m_options.timeoutMs);
}

void PendingRequest::failBody(HttpResponse::BodyProblem problem, const QString &detail)
{
    if (m_bodyProblem == HttpResponse::BodyProblem::None) {
        m_bodyProblem = problem;
        m_bodyProblemDetail = detail;
    }
}

bool PendingRequest::drainReply(QNetworkReply *reply)
{
    if (m_bodyProblem != HttpResponse::BodyProblem::None)
        return false;
    if (!m_statusSeen) {
        m_statusSeen = true;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const int code = status.isValid() ? status.toInt() : 0;
        m_bodyToSink = code >= 200 && code <= 299;
        m_contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        bool known = false;
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        m_expected = known && length >= 0 ? length : -1;
        if (m_bodyToSink && m_options.maxBodySize >= 0 && m_expected > m_options.maxBodySize) {
            failBody(HttpResponse::BodyProblem::TooLarge,
                     QStringLiteral("body of %1 bytes announced, at most %2 accepted")
                         .arg(m_expected).arg(m_options.maxBodySize));
            return false;
        }
    }
    bool moved = false;
    m_throttled = false;
    while (reply->bytesAvailable() > 0) {
        if (m_bodyToSink && m_sink && m_sink->bytesToWrite() >= kMaxSinkBacklog) {
            m_throttled = true; // resumed by onSinkDrained()
            break;
        }
        const QByteArray chunk = reply->read(kChunk);
        if (chunk.isEmpty())
            break;
        if (!m_bodyToSink) {
            if (m_errorBody.size() < kMaxErrorBody)
                m_errorBody += chunk.left(kMaxErrorBody - m_errorBody.size());
            continue;
        }
        if (m_expected >= 0 && m_received + chunk.size() > m_expected) {
            // More than announced: not the body we were told of (QNAM may even resend a GET whose connection
            // dropped and append the new answer to what came first). Never taken for a complete body.
            failBody(HttpResponse::BodyProblem::Truncated,
                     QStringLiteral("body longer than its Content-Length of %1 bytes").arg(m_expected));
            return false;
        }
        if (m_options.maxBodySize >= 0 && m_received + chunk.size() > m_options.maxBodySize) {
            failBody(HttpResponse::BodyProblem::TooLarge,
                     QStringLiteral("body larger than %1 bytes").arg(m_options.maxBodySize));
            return false;
        }
        if (!m_sink || m_sink->write(chunk) != chunk.size()) {
            failBody(HttpResponse::BodyProblem::SinkFailed,
                     m_sink ? m_sink->errorString() : QStringLiteral("the sink is gone"));
            return false;
        }
        m_sinkWritten = true;
        m_received += chunk.size();
        moved = true;
    }
    if (moved)
        emit downloadProgress(m_received, m_expected);
    return true;
}

void PendingRequest::onSinkDrained()
{
    if (!m_throttled || !m_reply || m_finished)
        return;
    restartIdleTimer();
    if (m_reply->isFinished())
        onReplyFinished();
    else
        onReadyRead();
}

void PendingRequest::onReadyRead()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_finished)
        return;
    restartIdleTimer();
    QPointer<PendingRequest> self(this);
    if (!drainReply(reply) && self && m_reply == reply)
        reply->abort(); // finishes the reply -> onReplyFinished, which reports the body problem
}

void PendingRequest::onTimeout()
{
    if (!m_reply || m_finished)
        return;
    m_timedOut = true;
    m_reply->abort(); // finishes the reply with OperationCanceledError -> onReplyFinished
}

void PendingRequest::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_finished || !reply->isFinished())
        return;
    if (m_hasSink && reply->isOpen() && !m_timedOut) { // an aborted reply is closed
        drainReply(reply);
        if (m_finished) // cancelled from a progress slot
            return;
        if (m_throttled && reply->bytesAvailable() > 0)
            return; // the rest goes in when the sink has caught up (onSinkDrained)
    }
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    m_timeoutTimer->stop();

    HttpResponse response;
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    response.httpStatus = statusAttr.isValid() ? statusAttr.toInt() : 0;
    if (m_hasSink) {
        response.body = m_errorBody;
        response.contentType = m_contentType;
        response.bodySize = m_received;
        if (m_bodyToSink && m_bodyProblem == HttpResponse::BodyProblem::None && !m_timedOut
            && (reply->error() != QNetworkReply::NoError || (m_expected >= 0 && m_received != m_expected)))
            failBody(HttpResponse::BodyProblem::Truncated,
                     QStringLiteral("body cut short: %1 of %2 bytes (%3)")
                         .arg(m_received).arg(m_expected).arg(reply->errorString()));
    } else {
        if (reply->isOpen()) // an aborted reply is closed
            response.body = reply->readAll();
        response.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    }

    if (m_bodyProblem != HttpResponse::BodyProblem::None) {
        response.bodyProblem = m_bodyProblem;
        response.error = m_bodyProblem == HttpResponse::BodyProblem::Truncated
                             ? MatrixError::network(m_bodyProblemDetail)
                             : MatrixError::invalidResponse(m_bodyProblemDetail);
        response.error.httpStatus = response.httpStatus;
    } else if (m_timedOut) {
        response.error = MatrixError::timeout();
    } else if (m_tlsFailed || reply->error() == QNetworkReply::SslHandshakeFailedError) {
        response.error = MatrixError::tls(reply->errorString(), m_tlsProblem);
    } else if (response.httpStatus > 0) {
        if (response.httpStatus < 200 || response.httpStatus > 299)
            response.error = MatrixError::fromHttp(response.httpStatus, response.body, reply->rawHeader("Retry-After"));
    } else if (reply->error() != QNetworkReply::NoError) {
        response.error = transportError(reply->error(), reply->errorString());
    } else {
        response.error = MatrixError::invalidResponse(QStringLiteral("no HTTP status"));
    }

    if (response.ok()) {
        qCDebug(lcNet) << m_verb.constData() << logPath(m_url) << response.httpStatus;
        finish(response);
        return;
    }

    const MatrixError &error = response.error;
    qCInfo(lcNet) << m_verb.constData() << logPath(m_url) << "attempt" << m_attempts << "failed:" << MatrixError::kindName(error.kind)
                  << response.httpStatus << error.errcode;

    QPointer<PendingRequest> self(this);
    if (error.isUnknownToken()) {
        emit m_client->unknownToken(error);
        if (!self || m_finished)
            return;
    }

    if (m_options.retry.shouldRetry(m_attempts, error) && mayRetryBody()) {
        const int delay = m_options.retry.delayAfter(m_attempts, error);
        emit retrying(error, delay);
        if (!self || m_finished)
            return;
        m_retryTimer->start(delay);
        return;
    }
    finish(response);
}

bool PendingRequest::mayRetryBody() const
{
    if (m_hasUpload && (!m_upload || m_upload->isSequential()))
        return false; // what was sent can't be read again
    return !m_sinkWritten; // the sink holds part of a body: only its owner can start it over
}

void PendingRequest::cancel()
{
    if (m_finished)
        return;
    m_retryTimer->stop();
    m_timeoutTimer->stop();
    dropReply();
    qCDebug(lcNet) << m_verb.constData() << logPath(m_url) << "cancelled";
    HttpResponse response;
    response.error = MatrixError::cancelled();
    finish(response);
}

void PendingRequest::finish(const HttpResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_retryTimer->stop();
    m_timeoutTimer->stop();
    QPointer<PendingRequest> self(this);
    emit finished(response);
    if (self)
        deleteLater();
}

// ---------------------------------------------------------------------------------------------------------
// HttpClient

HttpClient::HttpClient(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
    Q_UNUSED(kRegisteredTypes);
    // Our own QTimer gives each attempt its timeout; QNAM's transfer timeout stays off.
    m_nam->setTransferTimeout(0);
}

void HttpClient::setHomeserver(const QUrl &baseUrl)
{
    m_homeserver = baseUrl;
}

void HttpClient::setAccessToken(const QString &token)
{
    m_accessToken = token;
}

bool HttpClient::mayAuthenticate(const QUrl &url) const
{
    return !m_accessToken.isEmpty() && m_homeserver.isValid() && sameOrigin(url, m_homeserver);
}

QUrl HttpClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_homeserver;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);

    // Encode keys and values ourselves: QUrlQuery leaves '+', which servers read as a space.
    QString encoded;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!encoded.isEmpty())
            encoded += QLatin1Char('&');
        encoded += QString::fromLatin1(QUrl::toPercentEncoding(key)) + QLatin1Char('=')
                   + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    if (encoded.isEmpty())
        url.setQuery(QString());
    else
        url.setQuery(encoded, QUrl::TolerantMode);
    return url;
}

PendingRequest *HttpClient::get(const QString &path, const QUrlQuery &query, const RequestOptions &options)
{
    return send("GET", path, query, {}, options);
}

PendingRequest *HttpClient::post(const QString &path, const QJsonObject &body, const RequestOptions &options)
{
    return send("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), options);
}

PendingRequest *HttpClient::put(const QString &path, const QJsonObject &body, const RequestOptions &options)
{
    return send("PUT", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), options);
}

PendingRequest *HttpClient::send(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                                 const QByteArray &body, const RequestOptions &options)
{
    auto *request = new PendingRequest(this, verb, urlFor(path, query), body, options, PendingRequest::Stream());
    request->startAttempt();
    return request;
}

PendingRequest *HttpClient::getUrl(const QUrl &url, const RequestOptions &options)
{
    auto *request = new PendingRequest(this, "GET", url, {}, options, PendingRequest::Stream());
    request->startAttempt();
    return request;
}

PendingRequest *HttpClient::upload(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                                   QIODevice *body, qint64 size, const RequestOptions &options)
{
    Q_ASSERT(body);
    PendingRequest::Stream stream;
    stream.upload = body;
    stream.uploadSize = size;
    auto *request = new PendingRequest(this, verb, urlFor(path, query), {}, options, stream);
    request->startAttempt();
    return request;
}

PendingRequest *HttpClient::download(const QString &path, const QUrlQuery &query, QIODevice *sink,
                                     const RequestOptions &options)
{
    Q_ASSERT(sink);
    PendingRequest::Stream stream;
    stream.sink = sink;
    auto *request = new PendingRequest(this, "GET", urlFor(path, query), {}, options, stream);
    request->startAttempt();
    return request;
}

QString HttpClient::encodeSegment(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

} // namespace estafette
