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
        "  queued_ms INTEGER NOT NULL);");
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

} // namespace estafette
