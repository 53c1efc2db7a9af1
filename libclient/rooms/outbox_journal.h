#pragma once

#include "media/outgoing_attachment.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace estafette {

// A message the composer accepted, as the outbox keeps it until the server confirms it.
struct OutboxEntry {
    QString transactionId;
    QString roomId;
    QString eventType;        // "m.room.message"
    QJsonObject content;      // a text's content; for an attachment, what its local echo shows (no URL, no key)
    qint64 acceptedAtMs = 0;
    bool failed = false;      // permanent failure: waits for "retry" or "delete"
    QString failureReason;    // errcode or short reason (no message text)
    // A dependent entry: upload the thumbnail, upload the file, then send the event naming them. Its
    // thumbnailUrl / fileUrl say which uploads are done already.
    std::optional<OutgoingAttachment> attachment;
    // A reaction, edit, reply or deletion of a message still in the outbox: that message's transaction id. The
    // content names it as "txn:<id>" until its event id is known; the entry waits for it.
    QString dependsOn;
};

// Durable record of the outbox (the encrypted store). `done(true)` means the change is committed to disk:
// only then does the outbox go on. Callbacks run on the caller's thread; calls are carried out in order.
class OutboxJournal {
public:
    virtual ~OutboxJournal() = default;
    // The entry and its attachment, in one transaction.
    virtual void insert(const OutboxEntry &entry, std::function<void(bool committed)> done) = 0;
    virtual void setFailed(const QString &transactionId, bool failed, const QString &reason) = 0;
    // The entry and its attachment; `done` (may be empty) once that is committed.
    virtual void remove(const QString &transactionId, std::function<void(bool removed)> done) = 0;
    // A dependent entry's target got its event id: its content now names it, and it depends on nothing more.
    virtual void resolve(const QString &transactionId, const QJsonObject &content,
                         std::function<void(bool committed)> done) = 0;
    // An attachment's uploads so far (empty: not uploaded), and whether they are of the staged ciphertext (an
    // encrypted room) or of the plaintext; replaces what was recorded before.
    virtual void recordUploads(const QString &transactionId, const QString &thumbnailUrl, const QString &fileUrl,
                               bool encrypted, std::function<void(bool committed)> done) = 0;
};

} // namespace estafette
