#pragma once

#include "sync/sync_delta.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>

namespace estafette {

class Room;

// All rooms of the account (joined, invited; left rooms are removed). Applies sync deltas on the GUI thread.
class RoomList : public QObject {
    Q_OBJECT
public:
    explicit RoomList(const QString &ownUserId, QObject *parent = nullptr);

    QString ownUserId() const { return m_ownUserId; }
    int count() const { return m_rooms.size(); }
    Room *at(int index) const { return m_rooms.at(index); }
    Room *room(const QString &roomId) const { return m_byId.value(roomId); }
    int indexOf(const QString &roomId) const;
    // Direct chats from the m.direct account data: user id -> room ids.
    QHash<QString, QStringList> directChats() const { return m_direct; }
    QString directRoomWith(const QString &userId) const; // a joined direct room with that user, or ""

    // Global account data first (m.direct marks rooms direct), then each room: joined and invited rooms are
    // added (appended) or updated, left rooms removed.
    void applySync(const SyncDelta &delta);

signals:
    void roomAboutToBeAdded(int index);                       // before a room is appended at `index`
    void roomAdded(estafette::Room *room, int index);         // after it is appended at `index`
    void roomAboutToBeRemoved(estafette::Room *room, int index);
    void roomRemoved(const QString &roomId);
    void roomChanged(estafette::Room *room, int index);
    // After a sync delta was applied to a room already listed (its state or membership may have changed).
    void roomUpdated(estafette::Room *room);
    // A sync said we left (or were removed from) this room, whether it was listed or not.
    void roomLeft(const QString &roomId);
    void directChatsChanged();

private:
    QString m_ownUserId;
    QList<Room *> m_rooms;
    QHash<QString, Room *> m_byId;
    QHash<QString, QStringList> m_direct;
    QSet<QString> m_directRooms; // every room id listed in m.direct
};

} // namespace estafette
