#pragma once

#include "events/event.h"
#include "events/relation.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace estafette {

// One reaction key under a message: who reacted with it, in the order they did, and our own reaction's event
// (to redact it when clicked again) or transaction id while it is being sent.
struct ReactionGroup {
    QString key;
    QStringList senders;   // user ids, oldest first, each once
    QString ownEventId;    // our reaction's event id, empty when we haven't reacted or it isn't sent yet
    QString ownTxnId;      // our reaction still in the outbox
    qint64 firstTs = 0;
    bool includesOwn() const { return !ownEventId.isEmpty() || !ownTxnId.isEmpty(); }
    bool operator==(const ReactionGroup &) const = default;
};

// One edit of a message, as the edit history lists it.
struct EditRecord {
    QString eventId;       // empty while our own edit is in the outbox
    QString txnId;
    qint64 ts = 0;
    QJsonObject newContent;
};

// Relations folded into the events they point at (matrix-sdk-ui's aggregations are the idea): edits, reactions
// and redactions, whatever order they arrive in — a reaction before its message, an edit paged in after it, a
// redaction of a reaction. Pure bookkeeping, no Qt signals: the Timeline asks what changed and re-emits.
class Aggregations {
public:
    explicit Aggregations(QString ownUserId = {}) : m_ownUserId(std::move(ownUserId)) {}
    void setOwnUserId(const QString &userId) { m_ownUserId = userId; }

    // Who may redact other people's events (power levels); without it only a sender's own redactions count.
    using RedactPermission = std::function<bool(const QString &userId)>;
    void setRedactPermission(RedactPermission permission) { m_canRedactOthers = std::move(permission); }

    struct Change {
        QStringList targets;            // events whose aggregate changed (edits, reactions)
        QString redactedTarget;         // a row event to show redacted now (the redaction is valid for it)
    };
    // Takes a folded event (isFoldedRelation()); `txnId` for our own echo still in the outbox. An event already known
    // (same event id, or the server's copy of an echo: unsigned.transaction_id) replaces what was kept.
    // `targetOf` tells the sender of a target row event, for redaction checks (empty when it is not loaded).
    Change absorb(const Event &event, const QString &txnId = {},
                  const std::function<std::optional<Event>(const QString &eventId)> &findRow = {});
    // Our echo left the outbox without being sent (cancelled, discarded): forget it. Returns the target changed.
    QString dropEcho(const QString &txnId);
    // Our echo was sent: it has an event id now.
    QString echoSent(const QString &txnId, const QString &eventId);

    // A message that was still in the outbox got its event id: what pointed at pendingEventRef(txn) points at it.
    void retarget(const QString &from, const QString &to);

    // A redaction seen for an event not loaded yet (applied when it arrives), if valid for `event`.
    std::optional<Event> pendingRedactionFor(const Event &event) const;
    // A redaction of ours that is still in the outbox for this event.
    bool redactionPending(const QString &eventId) const;

    // What `original` shows: its content replaced by the newest valid edit's m.new_content (keeping the original's
    // m.relates_to, so a reply stays a reply); `original` itself when there is none or it is redacted.
    Event shownEvent(const Event &original) const;
    bool isEdited(const Event &original) const { return latestEdit(original) != nullptr; }
    // Valid edits, oldest first (the edit history).
    QList<EditRecord> editHistory(const Event &original) const;
    // Reaction groups under `eventId`, in the order their first reaction came.
    QList<ReactionGroup> reactions(const QString &eventId) const;
    // The relation event (reaction or edit) with this id is known here; its target.
    QString targetOfRelation(const QString &eventId) const { return m_targetOf.value(eventId); }
    int relationCount() const { return int(m_relations.size()); }

private:
    struct Stored {
        Event event;
        Relation relation;
        QString txnId;
    };
    const Stored *latestEdit(const Event &original) const;
    bool validEdit(const Event &original, const Stored &edit) const;
    bool redactionAllowed(const Event &redaction, const QString &targetSender) const;
    QString keyOf(const Event &event, const QString &txnId) const;
    void removeRelation(const QString &key);

    QString m_ownUserId;
    RedactPermission m_canRedactOthers;
    QHash<QString, Stored> m_relations;          // key (event id, or "txn:" + id for an unsent echo) -> relation
    QHash<QString, QStringList> m_byTarget;      // target event id -> keys of its relations, in arrival order
    QHash<QString, QString> m_targetOf;          // relation event id -> target event id
    QHash<QString, QString> m_keyOfTxn;          // transaction id -> key
    QHash<QString, QList<Event>> m_redactions;   // target event id -> redactions seen for it (not yet applied)
    QHash<QString, QString> m_pendingRedactions; // transaction id -> target event id (our redaction being sent)
    QSet<QString> m_redactedRelations;           // relation event ids redacted before they arrived
};

} // namespace estafette
