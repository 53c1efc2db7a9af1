#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace estafette {

// A message the composer accepted, as the outbox keeps it until the server confirms it.
struct OutboxEntry {
    QString transactionId;
    QString roomId;
    QString eventType;        // "m.room.message"
    QJsonObject content;
    qint64 acceptedAtMs = 0;
    bool failed = false;      // permanent failure: waits for "retry" or "delete"
    QString failureReason;    // errcode or short reason (no message text)
};

// Durable record of the outbox (the encrypted store). `done(true)` means the entry is committed to disk:
// only then does the outbox send it. Callbacks run on the caller's thread.
class OutboxJournal {
public:
    virtual ~OutboxJournal() = default;
    virtual void insert(const OutboxEntry &entry, std::function<void(bool committed)> done) = 0;
    virtual void setFailed(const QString &transactionId, bool failed, const QString &reason) = 0;
    virtual void remove(const QString &transactionId) = 0;
};

} // namespace estafette
