#pragma once

#include "net/matrix_error.h"
#include "sync/sync_delta.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QThreadPool;
class QTimer;

namespace estafette {

class HttpClient;
class PendingRequest;

enum class ConnectionState { Disconnected, Connecting, Connected, Reconnecting, Offline };

// Long-polls /sync (timeout 30 s, lazy-loaded members), parses each response off the GUI thread,
// and hands the result over as an immutable SyncDelta. Backs off on failure; never gives up while running.
class SyncLoop : public QObject {
    Q_OBJECT
public:
    explicit SyncLoop(HttpClient *http, QObject *parent = nullptr);
    ~SyncLoop() override;

    void start(const QString &since = {}); // empty since: initial sync
    void stop();
    bool isRunning() const { return m_running; }
    QString since() const { return m_since; }
    ConnectionState connectionState() const { return m_state; }
    void setPollTimeoutMs(int ms) { m_pollTimeoutMs = ms; }
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
    // A permanent failure (e.g. M_UNKNOWN_TOKEN): the loop stops.
    void fatalError(const estafette::MatrixError &error);

private:
    void poll();
    void onResponse(const QByteArray &body);
    void onFailure(const MatrixError &error);
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
    ConnectionState m_state = ConnectionState::Disconnected;
};

} // namespace estafette

Q_DECLARE_METATYPE(estafette::ConnectionState)
