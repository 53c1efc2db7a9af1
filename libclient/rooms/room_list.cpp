#include "rooms/room_list.h"

#include "rooms/room.h"

#include <QJsonArray>
#include <QSet>

namespace estafette {

RoomList::RoomList(const QString &ownUserId, QObject *parent) : QObject(parent), m_ownUserId(ownUserId) {}

int RoomList::indexOf(const QString &roomId) const
{
    Room *r = room(roomId);
    return r ? int(m_rooms.indexOf(r)) : -1;
}

QString RoomList::directRoomWith(const QString &userId) const
{
    for (const QString &roomId : m_direct.value(userId)) {
        Room *r = room(roomId);
        if (r && r->membership() == Membership::Join)
            return roomId;
    }
    return {};
}

void RoomList::applySync(const SyncDelta &delta)
{
    for (const Event &event : delta.accountData) {
        if (event.type() != QLatin1String("m.direct"))
            continue;
        QHash<QString, QStringList> direct;
        const QJsonObject content = event.content();
        for (auto it = content.constBegin(); it != content.constEnd(); ++it) {
            QStringList roomIds;
            for (const QJsonValue &v : it.value().toArray()) {
                if (v.isString() && !roomIds.contains(v.toString()))
                    roomIds.append(v.toString());
            }
            if (!roomIds.isEmpty())
                direct.insert(it.key(), roomIds);
        }
        if (direct != m_direct) {
            m_direct = direct;
            QSet<QString> directRooms;
            for (const QStringList &ids : std::as_const(m_direct))
                directRooms.unite(QSet<QString>(ids.cbegin(), ids.cend()));
            for (Room *r : std::as_const(m_rooms)) {
                // Invites flagged is_direct stay direct until joined and listed (or not) in m.direct.
                if (r->membership() != Membership::Invite || directRooms.contains(r->id()))
                    r->setDirect(directRooms.contains(r->id()));
            }
            m_directRooms = directRooms;
            emit directChatsChanged();
        }
    }

    for (const RoomDelta &roomDelta : delta.rooms) {
        Room *existing = room(roomDelta.roomId);
        if (roomDelta.membership == Membership::Leave) {
            if (!existing) {
                emit roomLeft(roomDelta.roomId);
                continue;
            }
            const int index = int(m_rooms.indexOf(existing));
            emit roomAboutToBeRemoved(existing, index);
            m_rooms.removeAt(index);
            m_byId.remove(roomDelta.roomId);
            existing->disconnect(this);
            emit roomRemoved(roomDelta.roomId);
            existing->deleteLater();
            emit roomLeft(roomDelta.roomId);
            continue;
        }
        if (existing) {
            existing->applyDelta(roomDelta);
            emit roomUpdated(existing);
            continue;
        }
        auto *created = new Room(roomDelta.roomId, m_ownUserId, this);
        created->applyDelta(roomDelta);
        if (m_directRooms.contains(created->id()))
            created->setDirect(true);
        const int index = int(m_rooms.size());
        emit roomAboutToBeAdded(index);
        m_rooms.append(created);
        m_byId.insert(created->id(), created);
        connect(created, &Room::changed, this, [this, created] {
            const int row = int(m_rooms.indexOf(created));
            if (row >= 0)
                emit roomChanged(created, row);
        });
        emit roomAdded(created, index);
    }
}

} // namespace estafette
