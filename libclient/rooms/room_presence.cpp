#include "rooms/room_presence.h"

#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>

namespace estafette {

bool RoomPresence::applyEphemeral(const QList<Event> &events, const Order &isLater)
{
    bool changed = false;
    for (const Event &event : events) {
        const QJsonObject content = event.content();
        if (event.type() == QLatin1String("m.typing")) {
            QStringList typing;
            for (const QJsonValue &user : content.value(QLatin1String("user_ids")).toArray()) {
                if (user.isString() && user.toString() != m_ownUserId && !typing.contains(user.toString()))
                    typing.append(user.toString());
            }
            if (typing != m_typing) {
                m_typing = typing;
                changed = true;
            }
            continue;
        }
        if (event.type() != QLatin1String("m.receipt"))
            continue;
        // {"$event": {"m.read": {"@user": {"ts": 1}}, "m.read.private": {...}}}
        for (auto e = content.constBegin(); e != content.constEnd(); ++e) {
            const QJsonObject kinds = e.value().toObject();
            for (const QLatin1String kind : {QLatin1String("m.read"), QLatin1String("m.read.private")}) {
                const QJsonObject users = kinds.value(kind).toObject();
                for (auto u = users.constBegin(); u != users.constEnd(); ++u) {
                    // Another member's private receipt is not ours to see (the server never sends it anyway).
                    if (kind == QLatin1String("m.read.private") && u.key() != m_ownUserId)
                        continue;
                    // Receipts in a thread say how far a thread was read, not the room.
                    const QJsonObject data = u.value().toObject();
                    const QString thread = data.value(QLatin1String("thread_id")).toString();
                    if (!thread.isEmpty() && thread != QLatin1String("main"))
                        continue;
                    const auto known = m_receipts.constFind(u.key());
                    if (known != m_receipts.constEnd() && known->eventId == e.key())
                        continue;
                    if (known != m_receipts.constEnd() && isLater && isLater(known->eventId, e.key()) == 1)
                        continue; // never backwards
                    m_receipts.insert(u.key(), Receipt{e.key(), qint64(data.value(QLatin1String("ts")).toDouble())});
                    changed = true;
                }
            }
        }
    }
    return changed;
}

bool RoomPresence::applyAccountData(const QList<Event> &events)
{
    bool changed = false;
    for (const Event &event : events) {
        if (event.type() != QLatin1String("m.fully_read"))
            continue;
        const QString eventId = event.content().value(QLatin1String("event_id")).toString();
        if (!eventId.isEmpty() && eventId != m_fullyRead) {
            m_fullyRead = eventId;
            changed = true;
        }
    }
    return changed;
}

QStringList RoomPresence::readersAt(const QString &eventId) const
{
    QStringList readers;
    for (auto it = m_receipts.constBegin(); it != m_receipts.constEnd(); ++it) {
        if (it->eventId == eventId && it.key() != m_ownUserId)
            readers.append(it.key());
    }
    std::sort(readers.begin(), readers.end());
    return readers;
}

} // namespace estafette
