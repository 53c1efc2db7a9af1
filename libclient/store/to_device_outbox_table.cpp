#include "store/to_device_outbox_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <sqlcipher/sqlite3.h>

namespace estafette {

bool ToDeviceOutboxTable::createV5(Database &db)
{
    return db.exec(
        "CREATE TABLE to_device_outbox ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT," // queue order
        "  txn_id TEXT NOT NULL UNIQUE,"
        "  event_type TEXT NOT NULL,"
        "  messages BLOB NOT NULL,"                // {user: {device: content}}, compact JSON
        "  queued_ms INTEGER NOT NULL);"
        "CREATE TABLE olm_awaiting ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  user_id TEXT NOT NULL,"
        "  device_id TEXT NOT NULL,"
        "  type TEXT NOT NULL,"
        "  content BLOB NOT NULL,"                 // compact JSON (a forwarded key without its session_key)
        "  force_new_session INTEGER NOT NULL);"
        "CREATE INDEX olm_awaiting_device ON olm_awaiting (user_id, device_id);");
}

bool ToDeviceOutboxTable::insert(const QueuedToDevice &message)
{
    if (message.transactionId.isEmpty() || message.eventType.isEmpty() || message.messages.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("to_device_outbox: transaction id, type and messages are required"));
        return false;
    }
    return m_db.cached("INSERT OR IGNORE INTO to_device_outbox (txn_id, event_type, messages, queued_ms)"
                       " VALUES (?, ?, ?, ?)")
        .bindText(1, message.transactionId)
        .bindText(2, message.eventType)
        .bindBlob(3, toStoredJson(message.messages))
        .bindInt64(4, message.queuedMs)
        .exec();
}

QList<QueuedToDevice> ToDeviceOutboxTable::entries()
{
    Statement &s = m_db.cached("SELECT txn_id, event_type, messages, queued_ms FROM to_device_outbox ORDER BY seq");
    QList<QueuedToDevice> list;
    while (s.step() == Statement::Step::Row) {
        QueuedToDevice m;
        m.transactionId = s.text(0);
        m.eventType = s.text(1);
        m.messages = objectFromStoredJson(s.blobView(2));
        m.queuedMs = s.int64(3);
        list.append(m);
    }
    s.reset();
    return list;
}

bool ToDeviceOutboxTable::remove(const QString &transactionId)
{
    return m_db.cached("DELETE FROM to_device_outbox WHERE txn_id = ?").bindText(1, transactionId).exec();
}

bool ToDeviceOutboxTable::addAwaiting(const AwaitingOlmMessage &message)
{
    if (message.userId.isEmpty() || message.deviceId.isEmpty() || message.type.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("olm_awaiting: user, device and type are required"));
        return false;
    }
    return m_db.cached("INSERT INTO olm_awaiting (user_id, device_id, type, content, force_new_session)"
                       " VALUES (?, ?, ?, ?, ?)")
        .bindText(1, message.userId)
        .bindText(2, message.deviceId)
        .bindText(3, message.type)
        .bindBlob(4, toStoredJson(message.content))
        .bindInt64(5, message.forceNewSession ? 1 : 0)
        .exec();
}

QList<AwaitingOlmMessage> ToDeviceOutboxTable::awaiting()
{
    Statement &s = m_db.cached("SELECT user_id, device_id, type, content, force_new_session FROM olm_awaiting ORDER BY seq");
    QList<AwaitingOlmMessage> list;
    while (s.step() == Statement::Step::Row) {
        AwaitingOlmMessage m;
        m.userId = s.text(0);
        m.deviceId = s.text(1);
        m.type = s.text(2);
        m.content = objectFromStoredJson(s.blobView(3));
        m.forceNewSession = s.int64(4) != 0;
        list.append(m);
    }
    s.reset();
    return list;
}

bool ToDeviceOutboxTable::setAwaitingNewSession(const QString &userId, const QString &deviceId, bool forceNewSession)
{
    return m_db.cached("UPDATE olm_awaiting SET force_new_session = ? WHERE user_id = ? AND device_id = ?")
        .bindInt64(1, forceNewSession ? 1 : 0)
        .bindText(2, userId)
        .bindText(3, deviceId)
        .exec();
}

bool ToDeviceOutboxTable::removeAwaiting(const QString &userId, const QString &deviceId)
{
    return m_db.cached("DELETE FROM olm_awaiting WHERE user_id = ? AND device_id = ?")
        .bindText(1, userId).bindText(2, deviceId).exec();
}

} // namespace estafette
