#pragma once

#include "net/matrix_error.h"
#include "net/retry_policy.h"
#include "rooms/outbox_journal.h"
#include "rooms/outbox_update.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace estafette {

class PendingRequest;
class RoomApi;
class RoomEncryptor;
class RoomList;

// Messages the composer accepted and the server has not confirmed yet. Each gets a stable transaction id
// at acceptance; every retry reuses it, so the server stores it once. It announces what happens to each
// (updated(): queued with its local echo, accepted, sent, failed, cancelled) and never touches a timeline: the
// rooms side (LocalEchoApplier) shows the echoes (Sending -> Sent, or Failed with retry()). Transient failures
// are retried with backoff without limit; permanent ones mark the message Failed. Within a room, messages go out one at a time in the
// order they were accepted, so a rate-limited or retried message is never overtaken by a later one; a retried
// Failed message joins the end of its room's queue.
// Encrypted or in the clear is decided by the room's known state, and unknown is never "in the clear": a message
// for a room that is not listed yet, not joined yet, or whose state is not known yet (no m.room.create nor
// m.room.encryption) waits, queued and persisted, until a sync brings that state; it fails (M_FORBIDDEN) if a
// sync says we left the room or were never let in.
class Outbox : public QObject {
    Q_OBJECT
public:
    Outbox(RoomApi *api, RoomList *rooms, const QString &ownUserId, QObject *parent = nullptr);

    // Durable outbox: entries are committed through the journal before they are sent (no journal: memory only).
    void setJournal(OutboxJournal *journal) { m_journal = journal; }
    // End-to-end encryption: every message of an encrypted room goes through it; without one, messages to an
    // encrypted room fail rather than go out in the clear.
    void setEncryptor(RoomEncryptor *encryptor) { m_encryptor = encryptor; }
    // Returns the transaction id. The message is "accepted" (accepted()) once the journal committed it.
    QString sendText(const QString &roomId, const QString &text);
    // Entries found in the store at start: shown again as local echoes and sent in their order.
    void restore(const QList<OutboxEntry> &entries);
    void retry(const QString &txnId);   // only a Failed message; same transaction id
    void discard(const QString &txnId); // only a Failed message
    int pendingCount() const { return int(m_pending.size()); } // sending or failed
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }

    static QString newTransactionId();

signals:
    // Everything that happens to an entry, in order (the signals below are shortcuts for some of it).
    void updated(const estafette::OutboxUpdate &update);
    void accepted(const QString &roomId, const QString &txnId);
    void sent(const QString &roomId, const QString &txnId, const QString &eventId);
    void failed(const QString &roomId, const QString &txnId, const estafette::MatrixError &error);

private:
    struct Pending {
        QString roomId;
        QString type;
        QJsonObject content;
        qint64 acceptedAtMs = 0;
        bool waitingForState = false;     // head of its queue, the room's state not known yet
        bool failed = false;
        bool encrypting = false;          // waiting for the encryptor
        int encryptAttempts = 0;          // transient encryption failures in a row
        QPointer<PendingRequest> request; // in flight
    };
    // What the room's known state says about sending into it now.
    enum class RoomReadiness { Unknown, Clear, Encrypted };
    RoomReadiness readiness(const QString &roomId) const;
    void track(const OutboxEntry &entry);
    OutboxUpdate update(OutboxUpdate::Kind kind, const QString &txnId) const;
    void roomLeft(const QString &roomId);
    void markFailed(const QString &txnId, const MatrixError &error);
    void enqueue(const QString &txnId);
    void pump(const QString &roomId); // starts the head of the room's queue unless it is in flight
    void transmit(const QString &txnId);
    void send(const QString &txnId, const QString &type, const QJsonObject &content);
    void encryptionFailed(const QString &txnId, const MatrixError &error);
    bool inFlight(const QString &txnId) const;
    RoomApi *m_api;
    OutboxJournal *m_journal = nullptr;
    RoomEncryptor *m_encryptor = nullptr;
    RoomList *m_rooms;
    QString m_ownUserId;
    RetryPolicy m_retry{0, 1000, 15000};
    QHash<QString, Pending> m_pending;
    QHash<QString, QStringList> m_queues; // room id -> transaction ids waiting to go out, in order
};

} // namespace estafette
