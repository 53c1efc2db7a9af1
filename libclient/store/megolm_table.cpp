#include "store/megolm_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <QJsonArray>
#include <QJsonObject>

#include <sqlcipher/sqlite3.h>

namespace estafette {

namespace {

bool refuse(Database &db, const char *what)
{
    db.setError(SQLITE_MISUSE, QString::fromLatin1(what));
    return false;
}

QByteArray chainJson(const QStringList &chain)
{
    return toStoredJson(QJsonArray::fromStringList(chain));
}

QStringList chainFromJson(const QByteArray &json)
{
    QStringList chain;
    for (const QJsonValue &v : arrayFromStoredJson(json))
        chain.append(v.toString());
    return chain;
}

// {"@user": {"DEVICE": index}}
QByteArray sharedWithJson(const QMap<QString, QMap<QString, std::uint32_t>> &sharedWith)
{
    QJsonObject users;
    for (auto user = sharedWith.cbegin(); user != sharedWith.cend(); ++user) {
        QJsonObject devices;
        for (auto device = user->cbegin(); device != user->cend(); ++device)
            devices.insert(device.key(), qint64(device.value()));
        users.insert(user.key(), devices);
    }
    return toStoredJson(users);
}

QMap<QString, QMap<QString, std::uint32_t>> sharedWithFromJson(const QByteArray &json)
{
    QMap<QString, QMap<QString, std::uint32_t>> sharedWith;
    const QJsonObject users = objectFromStoredJson(json);
    for (auto user = users.constBegin(); user != users.constEnd(); ++user) {
        QMap<QString, std::uint32_t> &devices = sharedWith[user.key()];
        const QJsonObject object = user.value().toObject();
        for (auto device = object.constBegin(); device != object.constEnd(); ++device)
            devices.insert(device.key(), std::uint32_t(device.value().toInteger()));
    }
    return sharedWith;
}

} // namespace

bool MegolmTable::createV4(Database &db)
{
    return db.exec(
        "CREATE TABLE inbound_group_sessions ("
        "  room_id TEXT NOT NULL,"
        "  sender_key TEXT NOT NULL,"        // curve25519 of the session's creator
        "  session_id TEXT NOT NULL,"
        "  pickle BLOB NOT NULL,"
        "  claimed_ed25519 TEXT NOT NULL,"
        "  first_known_index INTEGER NOT NULL,"
        "  imported INTEGER NOT NULL,"       // 1 when from a forwarded key
        "  forwarding_chain BLOB NOT NULL,"  // JSON array of curve25519 keys
        "  PRIMARY KEY (room_id, sender_key, session_id));"
        "CREATE TABLE outbound_group_sessions ("
        "  room_id TEXT PRIMARY KEY,"
        "  session_id TEXT NOT NULL,"
        "  pickle BLOB NOT NULL,"
        "  created_ms INTEGER NOT NULL,"
        "  message_count INTEGER NOT NULL,"
        "  shared_with BLOB NOT NULL);"      // JSON {user id: {device id: message index}}
        "CREATE TABLE megolm_replay ("
        "  sender_key TEXT NOT NULL,"
        "  session_id TEXT NOT NULL,"
        "  message_index INTEGER NOT NULL,"
        "  event_id TEXT NOT NULL,"
        "  PRIMARY KEY (sender_key, session_id, message_index));");
}

StoredInboundGroupSession MegolmTable::readInbound(const Statement &s)
{
    StoredInboundGroupSession session;
    session.roomId = s.text(0);
    session.senderKey = s.text(1);
    session.sessionId = s.text(2);
    session.pickle = s.blob(3);
    session.claimedEd25519 = s.text(4);
    session.firstKnownIndex = std::uint32_t(s.int64(5));
    session.imported = s.int64(6) != 0;
    session.forwardingChain = chainFromJson(s.blobView(7));
    return session;
}

std::optional<StoredInboundGroupSession> MegolmTable::inbound(const QString &roomId, const QString &senderKey,
                                                              const QString &sessionId)
{
    Statement &s = m_db.cached("SELECT room_id, sender_key, session_id, pickle, claimed_ed25519, first_known_index,"
                               " imported, forwarding_chain FROM inbound_group_sessions"
                               " WHERE room_id = ? AND sender_key = ? AND session_id = ?");
    std::optional<StoredInboundGroupSession> result;
    if (s.bindText(1, roomId).bindText(2, senderKey).bindText(3, sessionId).step() == Statement::Step::Row)
        result = readInbound(s);
    s.reset();
    return result;
}

QList<StoredInboundGroupSession> MegolmTable::inbound(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT room_id, sender_key, session_id, pickle, claimed_ed25519, first_known_index,"
                               " imported, forwarding_chain FROM inbound_group_sessions"
                               " WHERE room_id = ? ORDER BY sender_key, session_id");
    s.bindText(1, roomId);
    QList<StoredInboundGroupSession> list;
    while (s.step() == Statement::Step::Row)
        list.append(readInbound(s));
    s.reset();
    return list;
}

bool MegolmTable::saveInbound(const StoredInboundGroupSession &session)
{
    if (session.roomId.isEmpty() || session.senderKey.isEmpty() || session.sessionId.isEmpty() || session.pickle.isEmpty())
        return refuse(m_db, "inbound_group_sessions: room, sender key, session id and pickle are required");
    return m_db.cached("INSERT OR REPLACE INTO inbound_group_sessions (room_id, sender_key, session_id, pickle,"
                       " claimed_ed25519, first_known_index, imported, forwarding_chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bindText(1, session.roomId)
        .bindText(2, session.senderKey)
        .bindText(3, session.sessionId)
        .bindBlob(4, session.pickle)
        .bindText(5, session.claimedEd25519.isNull() ? QStringLiteral("") : session.claimedEd25519)
        .bindInt64(6, qint64(session.firstKnownIndex))
        .bindInt64(7, session.imported ? 1 : 0)
        .bindBlob(8, chainJson(session.forwardingChain))
        .exec();
}

std::optional<StoredOutboundGroupSession> MegolmTable::outbound(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT session_id, pickle, created_ms, message_count, shared_with"
                               " FROM outbound_group_sessions WHERE room_id = ?");
    std::optional<StoredOutboundGroupSession> result;
    if (s.bindText(1, roomId).step() == Statement::Step::Row) {
        StoredOutboundGroupSession session;
        session.roomId = roomId;
        session.sessionId = s.text(0);
        session.pickle = s.blob(1);
        session.createdMs = s.int64(2);
        session.messageCount = int(s.int64(3));
        session.sharedWith = sharedWithFromJson(s.blobView(4));
        result = session;
    }
    s.reset();
    return result;
}

bool MegolmTable::saveOutbound(const StoredOutboundGroupSession &session)
{
    if (session.roomId.isEmpty() || session.sessionId.isEmpty() || session.pickle.isEmpty())
        return refuse(m_db, "outbound_group_sessions: room, session id and pickle are required");
    return m_db.cached("INSERT OR REPLACE INTO outbound_group_sessions (room_id, session_id, pickle, created_ms,"
                       " message_count, shared_with) VALUES (?, ?, ?, ?, ?, ?)")
        .bindText(1, session.roomId)
        .bindText(2, session.sessionId)
        .bindBlob(3, session.pickle)
        .bindInt64(4, session.createdMs)
        .bindInt64(5, session.messageCount)
        .bindBlob(6, sharedWithJson(session.sharedWith))
        .exec();
}

bool MegolmTable::removeOutbound(const QString &roomId)
{
    return m_db.cached("DELETE FROM outbound_group_sessions WHERE room_id = ?").bindText(1, roomId).exec();
}

QString MegolmTable::indexEvent(const QString &senderKey, const QString &sessionId, std::uint32_t index)
{
    Statement &s = m_db.cached("SELECT event_id FROM megolm_replay WHERE sender_key = ? AND session_id = ? AND message_index = ?");
    QString eventId;
    if (s.bindText(1, senderKey).bindText(2, sessionId).bindInt64(3, qint64(index)).step() == Statement::Step::Row)
        eventId = s.text(0);
    s.reset();
    return eventId;
}

bool MegolmTable::recordIndex(const QString &senderKey, const QString &sessionId, std::uint32_t index,
                              const QString &eventId)
{
    if (senderKey.isEmpty() || sessionId.isEmpty() || eventId.isEmpty())
        return refuse(m_db, "megolm_replay: sender key, session id and event id are required");
    return m_db.cached("INSERT OR IGNORE INTO megolm_replay (sender_key, session_id, message_index, event_id)"
                       " VALUES (?, ?, ?, ?)")
        .bindText(1, senderKey)
        .bindText(2, sessionId)
        .bindInt64(3, qint64(index))
        .bindText(4, eventId)
        .exec();
}

} // namespace estafette
