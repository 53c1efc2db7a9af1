#pragma once

#include "net/matrix_error.h"
#include "net/retry_policy.h"
#include "sync/sync_delta.h"
#include "sync/sync_failure.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QThreadPool;
class QTimer;

namespace estafette {

class HttpClient;
class PendingRequest;

// Stopped: a failure that retrying cannot fix stopped the loop (SyncLoop::lastError() says which); it stays
// stopped until retryNow(). (New values go at the end: a test helper prints them by number.)
enum class ConnectionState { Disconnected, Connecting, Connected, Reconnecting, Offline, Stopped };

// Long-polls /sync (timeout 30 s, lazy-loaded members), parses each response off the GUI thread,
// and hands the result over as an immutable SyncDelta. Every failure is classified (sync/sync_failure.h):
// transient ones are retried with capped exponential backoff for as long as it takes (Reconnecting, or Offline
// after a few connectivity failures in a row); the others stop the loop in the Stopped state with the error
// (fatalError), until retryNow() starts it again from the same since token.
class SyncLoop : public QObject {
    Q_OBJECT
public:
    explicit SyncLoop(HttpClient *http, QObject *parent = nullptr);
    ~SyncLoop() override;

    void start(const QString &since = {}); // empty since: initial sync
    void stop();                           // state Disconnected
    // Stopped: starts again from the same since token. Waiting to retry a transient failure: tries at once.
    // Otherwise (running, or stopped by stop()) does nothing.
    void retryNow();
    bool isRunning() const { return m_running; }
    QString since() const { return m_since; }
    ConnectionState connectionState() const { return m_state; }
    // The failure that stopped the loop or is being retried; ok() after a successful sync (and on start).
    MatrixError lastError() const { return m_lastError; }
    void setPollTimeoutMs(int ms) { m_pollTimeoutMs = ms; }
    // A request may take the poll timeout plus this (default 30 s) before it counts as timed out.
    void setRequestSlackMs(int ms) { m_requestSlackMs = ms; }
    // Delay after the first failure in a row, doubled after each further one up to maxMs (default 1 s, 30 s).
    void setBackoff(int initialMs, int maxMs);
    // When set, the loop pauses after each synced() until commit(delta) says the delta is stored; only then does
    // `since` advance and the next poll start (the token never runs ahead of what is on disk).
    void setWaitForCommit(bool wait) { m_waitForCommit = wait; }
    void commit(const SyncDeltaPtr &delta);

    // The filter sent with every /sync (inline JSON): lazy-loads members, bounded timeline.
    static QString filterJson();

signals:
    // Emitted on the thread that owns the loop, in response order. `since` advances after the signal
    // returns, so a receiver that stores the delta first can persist the token afterwards.
    void synced(const estafette::SyncDeltaPtr &delta);
    void connectionStateChanged(estafette::ConnectionState state);
    // A transient failure: the next attempt starts in delayMs (the server's Retry-After when it gave one).
    void retryScheduled(const estafette::MatrixError &error, int delayMs);
    // A failure retrying cannot fix: the loop is now Stopped. M_UNKNOWN_TOKEN means the session is over; for
    // anything else someone has to act (administrator, IT support), then retryNow().
    void fatalError(const estafette::MatrixError &error);

private:
    void poll();
    void onResponse(const QByteArray &body);
    void onFailure(const MatrixError &error, SyncFailure failure);
    void setState(ConnectionState state);

    HttpClient *m_http;
    QThreadPool *m_parsePool; // one worker thread: parsing never runs on the GUI thread
    QTimer *m_backoffTimer;
    QPointer<PendingRequest> m_pending;
    QString m_since;
    bool m_running = false;
    bool m_waitForCommit = false;
    SyncDeltaPtr m_awaitingCommit;
    int m_failures = 0;
    int m_generation = 0;     // invalidates in-flight parses after stop()
    int m_pollTimeoutMs = 30000;
    int m_requestSlackMs = 30000;
    RetryPolicy m_backoff{0, 1000, 30000}; // its delays only (1 s doubling to 30 s): the loop retries itself
    MatrixError m_lastError;
    ConnectionState m_state = ConnectionState::Disconnected;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::ConnectionState)
