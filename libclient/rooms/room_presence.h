#pragma once

#include "events/event.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace estafette {

// Who is doing what in a room right now, from the sync's ephemeral events and room account data: who is typing
// (m.typing), how far each member has read (m.receipt, public m.read and our own m.read.private; a receipt only
// ever moves forward in the timeline), and our read marker (m.fully_read). Pure bookkeeping: the Room emits.
class RoomPresence {
public:
    explicit RoomPresence(QString ownUserId = {}) : m_ownUserId(std::move(ownUserId)) {}
    void setOwnUserId(const QString &userId) { m_ownUserId = userId; }

    struct Receipt {
        QString eventId;
        qint64 ts = 0;
    };
    // Tells whether `a` is later in the timeline than `b` (-1: unknown). Receipts for events we don't know are
    // kept (the event may be paged in), but never replace a known later one.
    using Order = std::function<int(const QString &a, const QString &b)>;

    // True when something changed. `typing`: excluding ourselves, in the server's order.
    bool applyEphemeral(const QList<Event> &events, const Order &isLater);
    bool applyAccountData(const QList<Event> &events);

    QStringList typingUsers() const { return m_typing; }
    // Every member's receipt (ours included), by user id.
    const QHash<QString, Receipt> &receipts() const { return m_receipts; }
    // The members (not us) whose receipt is at `eventId`.
    QStringList readersAt(const QString &eventId) const;
    QString fullyRead() const { return m_fullyRead; }

private:
    QString m_ownUserId;
    QStringList m_typing;
    QHash<QString, Receipt> m_receipts;
    QString m_fullyRead;
};

} // namespace estafette
