#include "store/crypto_misc_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <sqlcipher/sqlite3.h>

namespace estafette {

namespace {

bool refuse(Database &db, const char *what)
{
    db.setError(SQLITE_MISUSE, QString::fromLatin1(what));
    return false;
}

StoredKeyRequest readKeyRequest(const Statement &s)
{
    StoredKeyRequest request;
    request.requestId = s.text(0);
    request.roomId = s.text(1);
    request.senderKey = s.text(2);
    request.sessionId = s.text(3);
    request.sent = s.int64(4) != 0;
    return request;
}

} // namespace

bool CryptoMiscTable::createV4(Database &db)
{
    return db.exec(
        "CREATE TABLE room_encryption ("
        "  room_id TEXT PRIMARY KEY,"
        "  content BLOB NOT NULL);"             // the m.room.encryption content, compact JSON
        "CREATE TABLE pending_decryptions ("
        "  seq INTEGER PRIMARY KEY,"            // insertion order
        "  room_id TEXT NOT NULL,"
        "  sender_key TEXT NOT NULL,"
        "  session_id TEXT NOT NULL,"
        "  event_id TEXT NOT NULL,"
        "  UNIQUE (room_id, event_id));"
        "CREATE INDEX pending_decryptions_session ON pending_decryptions (room_id, sender_key, session_id);"
        "CREATE TABLE key_requests ("
        "  seq INTEGER PRIMARY KEY,"            // insertion order
        "  request_id TEXT NOT NULL UNIQUE,"
        "  room_id TEXT NOT NULL,"
        "  sender_key TEXT NOT NULL,"
        "  session_id TEXT NOT NULL,"
        "  sent INTEGER NOT NULL);"
        "CREATE INDEX key_requests_session ON key_requests (room_id, sender_key, session_id);"
        "CREATE TABLE crypto_values ("
        "  key TEXT PRIMARY KEY,"
        "  value BLOB NOT NULL);");
}

std::optional<QJsonObject> CryptoMiscTable::roomEncryption(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT content FROM room_encryption WHERE room_id = ?");
    std::optional<QJsonObject> content;
    if (s.bindText(1, roomId).step() == Statement::Step::Row)
        content = objectFromStoredJson(s.blobView(0));
    s.reset();
    return content;
}

bool CryptoMiscTable::setRoomEncryption(const QString &roomId, const QJsonObject &content)
{
    if (roomId.isEmpty())
        return refuse(m_db, "room_encryption: a room id is required");
    return m_db.cached("INSERT OR REPLACE INTO room_encryption (room_id, content) VALUES (?, ?)")
        .bindText(1, roomId).bindBlob(2, toStoredJson(content)).exec();
}

QStringList CryptoMiscTable::encryptedRoomIds()
{
    Statement &s = m_db.cached("SELECT room_id FROM room_encryption");
    QStringList ids;
    while (s.step() == Statement::Step::Row)
        ids.append(s.text(0));
    s.reset();
    return ids;
}

bool CryptoMiscTable::addPendingDecryption(const PendingDecryption &pending)
{
    if (pending.roomId.isEmpty() || pending.senderKey.isEmpty() || pending.sessionId.isEmpty() || pending.eventId.isEmpty())
        return refuse(m_db, "pending_decryptions: room, sender key, session id and event id are required");
    return m_db.cached("INSERT OR IGNORE INTO pending_decryptions (room_id, sender_key, session_id, event_id)"
                       " VALUES (?, ?, ?, ?)")
        .bindText(1, pending.roomId)
        .bindText(2, pending.senderKey)
        .bindText(3, pending.sessionId)
        .bindText(4, pending.eventId)
        .exec();
}

QStringList CryptoMiscTable::pendingDecryptions(const QString &roomId, const QString &senderKey, const QString &sessionId)
{
    Statement &s = m_db.cached("SELECT event_id FROM pending_decryptions WHERE room_id = ? AND sender_key = ?"
                               " AND session_id = ? ORDER BY seq");
    s.bindText(1, roomId).bindText(2, senderKey).bindText(3, sessionId);
    QStringList eventIds;
    while (s.step() == Statement::Step::Row)
        eventIds.append(s.text(0));
    s.reset();
    return eventIds;
}

bool CryptoMiscTable::removePendingDecryption(const QString &roomId, const QString &eventId)
{
    return m_db.cached("DELETE FROM pending_decryptions WHERE room_id = ? AND event_id = ?")
        .bindText(1, roomId).bindText(2, eventId).exec();
}

bool CryptoMiscTable::saveKeyRequest(const StoredKeyRequest &request)
{
    if (request.requestId.isEmpty() || request.roomId.isEmpty() || request.senderKey.isEmpty() || request.sessionId.isEmpty())
        return refuse(m_db, "key_requests: request id, room, sender key and session id are required");
    // No UPSERT in SQLite 3.15, and INSERT OR REPLACE would give the row a new place: update, else insert.
    if (!m_db.cached("UPDATE key_requests SET room_id = ?2, sender_key = ?3, session_id = ?4, sent = ?5"
                     " WHERE request_id = ?1")
             .bindText(1, request.requestId)
             .bindText(2, request.roomId)
             .bindText(3, request.senderKey)
             .bindText(4, request.sessionId)
             .bindInt64(5, request.sent ? 1 : 0)
             .exec())
        return false;
    if (m_db.changes() > 0)
        return true;
    return m_db.cached("INSERT INTO key_requests (request_id, room_id, sender_key, session_id, sent) VALUES (?, ?, ?, ?, ?)")
        .bindText(1, request.requestId)
        .bindText(2, request.roomId)
        .bindText(3, request.senderKey)
        .bindText(4, request.sessionId)
        .bindInt64(5, request.sent ? 1 : 0)
        .exec();
}

std::optional<StoredKeyRequest> CryptoMiscTable::keyRequestFor(const QString &roomId, const QString &senderKey,
                                                               const QString &sessionId)
{
    Statement &s = m_db.cached("SELECT request_id, room_id, sender_key, session_id, sent FROM key_requests"
                               " WHERE room_id = ? AND sender_key = ? AND session_id = ? ORDER BY seq LIMIT 1");
    std::optional<StoredKeyRequest> result;
    if (s.bindText(1, roomId).bindText(2, senderKey).bindText(3, sessionId).step() == Statement::Step::Row)
        result = readKeyRequest(s);
    s.reset();
    return result;
}

QList<StoredKeyRequest> CryptoMiscTable::keyRequests()
{
    Statement &s = m_db.cached("SELECT request_id, room_id, sender_key, session_id, sent FROM key_requests ORDER BY seq");
    QList<StoredKeyRequest> list;
    while (s.step() == Statement::Step::Row)
        list.append(readKeyRequest(s));
    s.reset();
    return list;
}

bool CryptoMiscTable::removeKeyRequest(const QString &requestId)
{
    return m_db.cached("DELETE FROM key_requests WHERE request_id = ?").bindText(1, requestId).exec();
}

QByteArray CryptoMiscTable::value(const QString &key)
{
    Statement &s = m_db.cached("SELECT value FROM crypto_values WHERE key = ?");
    QByteArray value;
    if (s.bindText(1, key).step() == Statement::Step::Row)
        value = s.blob(0);
    s.reset();
    return value;
}

bool CryptoMiscTable::setValue(const QString &key, const QByteArray &value)
{
    if (key.isEmpty())
        return refuse(m_db, "crypto_values: a key is required");
    return m_db.cached("INSERT OR REPLACE INTO crypto_values (key, value) VALUES (?, ?)")
        .bindText(1, key).bindBlob(2, value.isNull() ? QByteArray("") : value).exec();
}

} // namespace estafette
