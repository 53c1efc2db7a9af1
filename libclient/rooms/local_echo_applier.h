#pragma once

#include "rooms/outbox_update.h"
#include "rooms/timeline.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace estafette {

class Outbox;
class Room;
class RoomList;

// Applies what the outbox announces to the rooms' timelines: each entry's local echo, its send state and its
// upload progress. Remembers every entry still in the outbox, so a room listed later (or listed again after a
// leave and rejoin) gets its echoes, in acceptance order, in their current state. Build it before the outbox
// restores its stored entries.
class LocalEchoApplier : public QObject {
    Q_OBJECT
public:
    LocalEchoApplier(Outbox *outbox, RoomList *rooms, QObject *parent = nullptr);

    void apply(const OutboxUpdate &update);
    int trackedCount() const { return int(m_order.size()); }

private:
    struct Echo {
        QString roomId;
        Event event;
        SendState state = SendState::Sending;
        MatrixError error;
        qint64 transferred = 0;
        qint64 total = 0;
    };
    void show(Room *room, const QString &txnId, const Echo &echo);
    void roomAdded(Room *room);
    RoomList *m_rooms;
    QHash<QString, Echo> m_echoes; // transaction id -> what its echo shows
    QStringList m_order;           // transaction ids in acceptance order
};

} // namespace estafette
