#include "sync/sync_loop.h"

#include "net/http_client.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace estafette {

namespace {

constexpr int kInitialBackoffMs = 1000;
constexpr int kMaxBackoffMs = 30000;
constexpr int kRequestSlackMs = 30000; // the request may take the poll timeout plus this
constexpr int kOfflineAfterFailures = 3;

// Failures that retrying cannot fix: the token is gone, or the server refuses the request itself.
bool isPermanent(const MatrixError &error)
{
    if (error.isUnknownToken())
        return true;
    if (error.kind == MatrixError::Kind::Tls)
        return true;
    if (error.kind == MatrixError::Kind::Http || error.kind == MatrixError::Kind::Matrix) {
        if (error.isRateLimited())
            return false;
        return error.httpStatus >= 400 && error.httpStatus < 500;
    }
    return false;
}

bool isConnectivityFailure(const MatrixError &error)
{
    return error.kind == MatrixError::Kind::Network || error.kind == MatrixError::Kind::Timeout;
}

} // namespace

SyncLoop::SyncLoop(HttpClient *http, QObject *parent)
    : QObject(parent), m_http(http), m_parsePool(new QThreadPool(this)), m_backoffTimer(new QTimer(this))
{
    qRegisterMetaType<SyncDeltaPtr>();
    qRegisterMetaType<ConnectionState>();
    m_parsePool->setMaxThreadCount(1);
    m_backoffTimer->setSingleShot(true);
    connect(m_backoffTimer, &QTimer::timeout, this, &SyncLoop::poll);
}

SyncLoop::~SyncLoop()
{
    m_running = false;
    ++m_generation;
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    m_parsePool->waitForDone();
}

QString SyncLoop::filterJson()
{
    const QJsonObject filter{
        {QStringLiteral("room"),
         QJsonObject{
             {QStringLiteral("state"), QJsonObject{{QStringLiteral("lazy_load_members"), true}}},
             {QStringLiteral("timeline"), QJsonObject{{QStringLiteral("limit"), 30}}},
         }},
    };
    return QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact));
}

void SyncLoop::start(const QString &since)
{
    if (m_running)
        stop();
    m_since = since;
    m_running = true;
    m_failures = 0;
    ++m_generation;
    setState(ConnectionState::Connecting);
    poll();
}

void SyncLoop::stop()
{
    if (!m_running && !m_pending)
        return;
    m_running = false;
    m_awaitingCommit.reset();
    ++m_generation; // parses still running finish into the void
    m_backoffTimer->stop();
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
        m_pending = nullptr;
    }
    setState(ConnectionState::Disconnected);
}

void SyncLoop::poll()
{
    if (!m_running || m_pending)
        return;
    QUrlQuery query;
    if (!m_since.isEmpty())
        query.addQueryItem(QStringLiteral("since"), m_since);
    // Until a sync succeeds (start, reconnection) the server answers at once, so the connection state is known
    // immediately; afterwards it holds the request until something happens.
    const int pollTimeout = m_state == ConnectionState::Connected ? m_pollTimeoutMs : 0;
    query.addQueryItem(QStringLiteral("timeout"), QString::number(pollTimeout));
    query.addQueryItem(QStringLiteral("filter"), filterJson());
    query.addQueryItem(QStringLiteral("set_presence"), QStringLiteral("offline"));

    RequestOptions options;
    options.timeoutMs = m_pollTimeoutMs + kRequestSlackMs;
    options.retry = RetryPolicy::none(); // the loop backs off itself
    PendingRequest *request = m_http->get(QStringLiteral("/_matrix/client/v3/sync"), query, options);
    m_pending = request;
    const int generation = m_generation;
    connect(request, &PendingRequest::finished, this, [this, generation](const HttpResponse &response) {
        m_pending = nullptr;
        if (generation != m_generation || !m_running)
            return;
        if (response.ok())
            onResponse(response.body);
        else
            onFailure(response.error);
    });
}

void SyncLoop::onResponse(const QByteArray &body)
{
    const int generation = m_generation;
    auto *watcher = new QFutureWatcher<SyncParseResult>(this);
    connect(watcher, &QFutureWatcher<SyncParseResult>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation || !m_running)
            return; // stopped (or restarted) while parsing: stale
        SyncParseResult result = watcher->result();
        if (!result.ok) {
            qCWarning(lcSync) << "rejected sync response:" << result.error;
            onFailure(MatrixError::invalidResponse(result.error));
            return;
        }
        m_failures = 0;
        setState(ConnectionState::Connected);
        auto delta = std::make_shared<const SyncDelta>(std::move(result.delta));
        emit synced(delta);
        // A receiver may have stopped the loop (sign-out) from inside the signal.
        if (generation != m_generation || !m_running)
            return;
        if (m_waitForCommit) {
            m_awaitingCommit = delta;
            return;
        }
        m_since = delta->nextBatch;
        poll();
    });
    watcher->setFuture(QtConcurrent::run(m_parsePool, &parseSyncResponse, body));
}

void SyncLoop::commit(const SyncDeltaPtr &delta)
{
    if (!m_running || !delta || delta != m_awaitingCommit)
        return;
    m_awaitingCommit.reset();
    m_since = delta->nextBatch;
    poll();
}

void SyncLoop::onFailure(const MatrixError &error)
{
    if (isPermanent(error)) {
        qCWarning(lcSync) << "sync failed permanently:" << error.httpStatus << error.errcode << error.message;
        m_running = false;
        ++m_generation;
        m_backoffTimer->stop();
        setState(ConnectionState::Disconnected);
        emit fatalError(error);
        return;
    }
    ++m_failures;
    if (m_failures >= kOfflineAfterFailures && isConnectivityFailure(error))
        setState(ConnectionState::Offline);
    else if (m_state != ConnectionState::Offline || !isConnectivityFailure(error))
        setState(ConnectionState::Reconnecting);

    const int exponent = std::min(m_failures - 1, 16);
    int delay = std::min(kInitialBackoffMs << exponent, kMaxBackoffMs);
    if (error.retryAfterMs > 0)
        delay = std::max(delay, std::min(error.retryAfterMs, 5 * 60 * 1000));
    qCInfo(lcSync) << "sync failed (" << m_failures << "in a row):" << error.message << "- retrying in" << delay
                   << "ms";
    m_backoffTimer->start(delay);
}

void SyncLoop::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit connectionStateChanged(state);
}

} // namespace estafette
