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

constexpr int kOfflineAfterFailures = 3;

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
    // A coarse timer may fire up to 5% early: a server's Retry-After must be honoured in full.
    m_backoffTimer->setTimerType(Qt::PreciseTimer);
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

void SyncLoop::setBackoff(int initialMs, int maxMs)
{
    m_backoff.initialDelayMs = std::max(1, initialMs);
    m_backoff.maxDelayMs = std::max(m_backoff.initialDelayMs, maxMs);
}

void SyncLoop::start(const QString &since)
{
    if (m_running)
        stop();
    m_since = since;
    m_running = true;
    m_failures = 0;
    m_lastError = {};
    ++m_generation;
    setState(ConnectionState::Connecting);
    poll();
}

void SyncLoop::stop()
{
    if (!m_running && !m_pending && m_state != ConnectionState::Stopped)
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

void SyncLoop::retryNow()
{
    if (m_state == ConnectionState::Stopped && !m_running) {
        qCInfo(lcSync) << "sync retried after a permanent failure";
        start(m_since);
        return;
    }
    if (m_running && m_backoffTimer->isActive()) {
        m_backoffTimer->stop();
        poll();
    }
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
    options.timeoutMs = m_pollTimeoutMs + m_requestSlackMs;
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
            onFailure(response.error, classifySyncFailure(response.error));
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
            // Not JSON: someone else's page or a cut-off transfer, worth another try. JSON that is not a sync
            // response: the homeserver would answer the same request the same way.
            onFailure(MatrixError::invalidResponse(result.error),
                      result.jsonObject ? SyncFailure::Permanent : SyncFailure::Transient);
            return;
        }
        m_failures = 0;
        m_lastError = {};
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

void SyncLoop::onFailure(const MatrixError &error, SyncFailure failure)
{
    m_lastError = error;
    if (failure != SyncFailure::Transient) {
        // (Not the server's message: it may name people.)
        qCWarning(lcSync) << "sync stopped:" << MatrixError::kindName(error.kind) << error.httpStatus << error.errcode;
        m_running = false;
        ++m_generation;
        m_backoffTimer->stop();
        setState(ConnectionState::Stopped);
        emit fatalError(error);
        return;
    }
    ++m_failures;
    if (m_failures >= kOfflineAfterFailures && isConnectivityFailure(error))
        setState(ConnectionState::Offline);
    else if (m_state != ConnectionState::Offline || !isConnectivityFailure(error))
        setState(ConnectionState::Reconnecting);

    // Doubled after each failure in a row, up to the cap; never shorter than the server's Retry-After (itself
    // capped at 5 minutes: a server asking for longer is asked again then).
    int delay = m_backoff.backoffAfter(m_failures);
    if (error.retryAfterMs > 0)
        delay = std::max(delay, m_backoff.delayAfter(m_failures, error));
    qCInfo(lcSync) << "sync failed (" << m_failures << "in a row):" << MatrixError::kindName(error.kind)
                   << error.httpStatus << error.errcode << "- retrying in" << delay << "ms";
    m_backoffTimer->start(delay);
    emit retryScheduled(error, delay);
}

void SyncLoop::setState(ConnectionState state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit connectionStateChanged(state);
}

} // namespace estafette
