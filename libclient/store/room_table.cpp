#include "store/room_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <QJsonArray>

namespace estafette {

namespace {

QString membershipText(Membership m)
{
    switch (m) {
    case Membership::Join: return QStringLiteral("join");
    case Membership::Invite: return QStringLiteral("invite");
    case Membership::Leave: return QStringLiteral("leave");
    }
    return QStringLiteral("join");
}

Membership membershipFrom(const QString &text)
{
    if (text == QLatin1String("invite"))
        return Membership::Invite;
    if (text == QLatin1String("leave"))
        return Membership::Leave;
    return Membership::Join;
}

} // namespace

bool RoomTable::createV1(Database &db)
{
    return db.exec(
        "CREATE TABLE rooms ("
        "  id INTEGER PRIMARY KEY,"
        "  room_id TEXT NOT NULL UNIQUE,"
        "  membership TEXT NOT NULL,"
        "  heroes BLOB,"                                  // compact JSON array of user ids
        "  joined_count INTEGER NOT NULL DEFAULT -1,"
        "  invited_count INTEGER NOT NULL DEFAULT -1,"
        "  notification_count INTEGER NOT NULL DEFAULT -1,"
        "  highlight_count INTEGER NOT NULL DEFAULT -1,"
        "  top_token TEXT,"
        "  at_beginning INTEGER NOT NULL DEFAULT 0);"
        "CREATE TABLE room_state ("
        "  room INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
        "  type TEXT NOT NULL,"
        "  state_key TEXT NOT NULL,"
        "  event BLOB NOT NULL,"
        "  PRIMARY KEY (room, type, state_key));"
        "CREATE TABLE room_account_data ("
        "  room INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
        "  type TEXT NOT NULL,"
        "  event BLOB NOT NULL,"
        "  PRIMARY KEY (room, type));");
}

bool RoomTable::migrateV2(Database &db)
{
    if (!db.exec("ALTER TABLE rooms ADD COLUMN is_direct INTEGER NOT NULL DEFAULT 0;"))
        return false;
    // Schema 1 kept m.direct only as account data: derive the flags from it (SQLCipher 3.4 has no JSON1).
    Statement read = db.prepare("SELECT event FROM account_data WHERE type = 'm.direct'");
    if (!read.isValid())
        return false;
    QSet<QString> direct;
    const Statement::Step step = read.step();
    if (step == Statement::Step::Error)
        return false;
    if (step == Statement::Step::Row)
        direct = directRoomIds(objectFromStoredJson(read.blob(0)).value(QLatin1String("content")).toObject());
    read.reset();
    return RoomTable(db).setDirectRooms(direct);
}

QSet<QString> RoomTable::directRoomIds(const QJsonObject &content)
{
    QSet<QString> ids;
    for (auto it = content.constBegin(); it != content.constEnd(); ++it) {
        for (const QJsonValue &v : it.value().toArray()) {
            if (v.isString())
                ids.insert(v.toString());
        }
    }
    return ids;
}

std::optional<StoredRoom> RoomTable::find(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT id, membership, top_token, at_beginning FROM rooms WHERE room_id = ?");
    std::optional<StoredRoom> room;
    if (s.bindText(1, roomId).step() == Statement::Step::Row) {
        StoredRoom r;
        r.id = s.int64(0);
        r.roomId = roomId;
        r.membership = membershipFrom(s.text(1));
        r.topToken = s.text(2);
        r.atBeginning = s.int64(3) != 0;
        room = r;
    }
    s.reset();
    return room;
}

qint64 RoomTable::upsert(const RoomDelta &delta, std::optional<Membership> *previous)
{
    const std::optional<StoredRoom> existing = find(delta.roomId);
    if (previous)
        *previous = existing ? std::optional<Membership>(existing->membership) : std::nullopt;
    const QByteArray heroes = delta.heroes.isEmpty() ? QByteArray() : toStoredJson(QJsonArray::fromStringList(delta.heroes));
    // -1 means "not sent in this delta": keep what is stored.
    auto count = [](Statement &s, int index, int value) {
        if (value >= 0)
            s.bindInt64(index, value);
        else
            s.bindNull(index);
    };
    if (!existing) {
        Statement &s = m_db.cached(
            "INSERT INTO rooms (room_id, membership, heroes, joined_count, invited_count, notification_count,"
            " highlight_count) VALUES (?1, ?2, ?3, coalesce(?4, -1), coalesce(?5, -1), coalesce(?6, -1), coalesce(?7, -1))");
        s.bindText(1, delta.roomId).bindText(2, membershipText(delta.membership)).bindBlob(3, heroes);
        count(s, 4, delta.joinedCount);
        count(s, 5, delta.invitedCount);
        count(s, 6, delta.notificationCount);
        count(s, 7, delta.highlightCount);
        if (!s.exec())
            return -1;
        return m_db.lastInsertRowId();
    }
    Statement &s = m_db.cached(
        "UPDATE rooms SET membership = ?2, heroes = coalesce(?3, heroes), joined_count = coalesce(?4, joined_count),"
        " invited_count = coalesce(?5, invited_count), notification_count = coalesce(?6, notification_count),"
        " highlight_count = coalesce(?7, highlight_count) WHERE id = ?1");
    s.bindInt64(1, existing->id).bindText(2, membershipText(delta.membership)).bindBlob(3, heroes);
    count(s, 4, delta.joinedCount);
    count(s, 5, delta.invitedCount);
    count(s, 6, delta.notificationCount);
    count(s, 7, delta.highlightCount);
    return s.exec() ? existing->id : -1;
}

bool RoomTable::remove(const QString &roomId)
{
    return m_db.cached("DELETE FROM rooms WHERE room_id = ?").bindText(1, roomId).exec();
}

bool RoomTable::setTopToken(qint64 room, const QString &token, bool atBeginning)
{
    Statement &s = m_db.cached("UPDATE rooms SET top_token = ?2, at_beginning = ?3 WHERE id = ?1");
    return s.bindInt64(1, room).bindText(2, token).bindInt64(3, atBeginning ? 1 : 0).exec();
}

bool RoomTable::setDirectRooms(const QSet<QString> &roomIds)
{
    if (!m_db.cached("UPDATE rooms SET is_direct = 0 WHERE is_direct <> 0").exec())
        return false;
    for (const QString &roomId : roomIds) {
        if (!m_db.cached("UPDATE rooms SET is_direct = 1 WHERE room_id = ?").bindText(1, roomId).exec())
            return false;
    }
    return true;
}

bool RoomTable::setDirect(qint64 room, bool direct)
{
    return m_db.cached("UPDATE rooms SET is_direct = ?2 WHERE id = ?1").bindInt64(1, room).bindInt64(2, direct ? 1 : 0).exec();
}

bool RoomTable::isDirect(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT is_direct FROM rooms WHERE room_id = ?");
    const bool direct = s.bindText(1, roomId).step() == Statement::Step::Row && s.int64(0) != 0;
    s.reset();
    return direct;
}

QList<StoredRoom> RoomTable::all()
{
    Statement &s = m_db.cached(
        "SELECT id, room_id, membership, heroes, joined_count, invited_count, notification_count, highlight_count,"
        " top_token, at_beginning, is_direct FROM rooms ORDER BY id");
    QList<StoredRoom> rooms;
    while (s.step() == Statement::Step::Row) {
        StoredRoom r;
        r.id = s.int64(0);
        r.roomId = s.text(1);
        r.membership = membershipFrom(s.text(2));
        if (!s.isNull(3)) {
            for (const QJsonValue &v : arrayFromStoredJson(s.blobView(3)))
                r.heroes.append(v.toString());
        }
        r.joinedCount = int(s.int64(4));
        r.invitedCount = int(s.int64(5));
        r.notificationCount = int(s.int64(6));
        r.highlightCount = int(s.int64(7));
        r.topToken = s.text(8);
        r.atBeginning = s.int64(9) != 0;
        r.direct = s.int64(10) != 0;
        rooms.append(r);
    }
    s.reset();
    return rooms;
}

bool RoomTable::putState(qint64 room, const Event &event)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO room_state (room, type, state_key, event) VALUES (?, ?, ?, ?)");
    return s.bindInt64(1, room).bindText(2, event.type()).bindText(3, event.stateKey())
        .bindBlob(4, toStoredJson(event.json())).exec();
}

bool RoomTable::putStateIfAbsent(qint64 room, const Event &event)
{
    Statement &s = m_db.cached("INSERT OR IGNORE INTO room_state (room, type, state_key, event) VALUES (?, ?, ?, ?)");
    return s.bindInt64(1, room).bindText(2, event.type()).bindText(3, event.stateKey())
        .bindBlob(4, toStoredJson(event.json())).exec();
}

bool RoomTable::clearState(qint64 room)
{
    return m_db.cached("DELETE FROM room_state WHERE room = ?").bindInt64(1, room).exec();
}

QHash<qint64, QList<Event>> RoomTable::allState()
{
    Statement &s = m_db.cached("SELECT room, event FROM room_state");
    QHash<qint64, QList<Event>> state;
    while (s.step() == Statement::Step::Row)
        state[s.int64(0)].append(eventFromStoredJson(s.blobView(1)));
    s.reset();
    return state;
}

QHash<qint64, QList<QByteArray>> RoomTable::allStateJson()
{
    Statement &s = m_db.cached("SELECT room, event FROM room_state");
    QHash<qint64, QList<QByteArray>> state;
    while (s.step() == Statement::Step::Row)
        state[s.int64(0)].append(s.blob(1));
    s.reset();
    return state;
}

QList<Event> RoomTable::state(qint64 room)
{
    Statement &s = m_db.cached("SELECT event FROM room_state WHERE room = ?");
    QList<Event> events;
    s.bindInt64(1, room);
    while (s.step() == Statement::Step::Row)
        events.append(eventFromStoredJson(s.blobView(0)));
    s.reset();
    return events;
}

std::optional<Event> RoomTable::stateEvent(qint64 room, const QString &type, const QString &stateKey)
{
    Statement &s = m_db.cached("SELECT event FROM room_state WHERE room = ? AND type = ? AND state_key = ?");
    std::optional<Event> event;
    if (s.bindInt64(1, room).bindText(2, type).bindText(3, stateKey.isNull() ? QStringLiteral("") : stateKey).step()
        == Statement::Step::Row)
        event = eventFromStoredJson(s.blob(0));
    s.reset();
    return event;
}

bool RoomTable::putAccountData(qint64 room, const Event &event)
{
    Statement &s = m_db.cached("INSERT OR REPLACE INTO room_account_data (room, type, event) VALUES (?, ?, ?)");
    return s.bindInt64(1, room).bindText(2, event.type()).bindBlob(3, toStoredJson(event.json())).exec();
}

QHash<qint64, QList<Event>> RoomTable::allAccountData()
{
    Statement &s = m_db.cached("SELECT room, event FROM room_account_data");
    QHash<qint64, QList<Event>> data;
    while (s.step() == Statement::Step::Row)
        data[s.int64(0)].append(eventFromStoredJson(s.blobView(1)));
    s.reset();
    return data;
}

} // namespace estafette
