#pragma once

#include "events/event.h"
#include "sync/sync_delta.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace estafette {

class Database;

// One row of the rooms table. `id` is the integer key the room's other rows use.
struct StoredRoom {
    qint64 id = -1;
    QString roomId;
    Membership membership = Membership::Join;
    QStringList heroes;
    int joinedCount = -1;
    int invitedCount = -1;
    int notificationCount = -1;
    int highlightCount = -1;
    QString topToken;          // server token above the oldest stored timeline row
    bool atBeginning = false;  // the room's first event is stored
    bool direct = false;       // listed in m.direct (schema 2)
};

// Table group "rooms": rooms (membership, summary, counts, top token, direct flag), their current state
// (type, state_key -> event) and room account data. Deleting a room cascades to all of its rows
// (state, account data, timeline).
class RoomTable {
public:
    explicit RoomTable(Database &db) : m_db(db) {}

    static bool createV1(Database &db);
    // Schema 2: the is_direct column, filled from the stored m.direct account data.
    static bool migrateV2(Database &db);

    std::optional<StoredRoom> find(const QString &roomId);
    // Inserts the room or updates it from a join/invite delta (summary fields and counts only when sent).
    // The room's key, or -1 on failure. *previous is the membership before (nullopt for a new room).
    qint64 upsert(const RoomDelta &delta, std::optional<Membership> *previous);
    bool remove(const QString &roomId);
    bool setTopToken(qint64 room, const QString &token, bool atBeginning);
    // Sets is_direct for every room from the set of room ids listed in m.direct.
    bool setDirectRooms(const QSet<QString> &roomIds);
    bool setDirect(qint64 room, bool direct);
    bool isDirect(const QString &roomId);
    QList<StoredRoom> all();

    bool putState(qint64 room, const Event &event);          // replaces (type, state_key)
    bool putStateIfAbsent(qint64 room, const Event &event);  // never replaces newer state
    bool clearState(qint64 room);
    QHash<qint64, QList<Event>> allState();
    QHash<qint64, QList<QByteArray>> allStateJson(); // the same, unparsed
    QList<Event> state(qint64 room);
    // One current state event; nullopt when the room has none of that (type, state_key).
    std::optional<Event> stateEvent(qint64 room, const QString &type, const QString &stateKey = QString(""));

    bool putAccountData(qint64 room, const Event &event);
    QHash<qint64, QList<Event>> allAccountData();

    // Room ids listed in an m.direct content (user id -> [room ids]).
    static QSet<QString> directRoomIds(const QJsonObject &mDirectContent);

private:
    Database &m_db;
};

} // namespace estafette
