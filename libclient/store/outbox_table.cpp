#include "store/outbox_table.h"

#include "store/account_store.h"
#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

namespace estafette {

bool OutboxTable::createV1(Database &db)
{
    return db.exec(
        "CREATE TABLE outbox ("
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  txn_id TEXT NOT NULL UNIQUE,"
        "  room_id TEXT NOT NULL,"
        "  type TEXT NOT NULL,"
        "  content BLOB NOT NULL,"
        "  accepted_ms INTEGER NOT NULL,"
        "  failed INTEGER NOT NULL DEFAULT 0,"
        "  reason TEXT);");
}

bool OutboxTable::migrateV9(Database &db)
{
    return db.exec("ALTER TABLE outbox ADD COLUMN depends_on TEXT;");
}

bool OutboxTable::resolve(const QString &transactionId, const QJsonObject &content)
{
    Statement &s = m_db.cached("UPDATE outbox SET content = ?2, depends_on = NULL WHERE txn_id = ?1");
    return s.bindText(1, transactionId).bindBlob(2, toStoredJson(content)).exec() && m_db.changes() == 1;
}

bool OutboxTable::insert(const OutboxEntry &entry)
{
    Statement &s = m_db.cached("INSERT INTO outbox (txn_id, room_id, type, content, accepted_ms, failed, reason, depends_on)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    return s.bindText(1, entry.transactionId)
                        .bindText(2, entry.roomId)
                        .bindText(3, entry.eventType)
                        .bindBlob(4, toStoredJson(entry.content))
                        .bindInt64(5, entry.acceptedAtMs)
                        .bindInt64(6, entry.failed ? 1 : 0)
                        .bindText(7, entry.failed ? entry.failureReason : QString())
                        .bindText(8, entry.dependsOn.isEmpty() ? QString() : entry.dependsOn)
                        .exec();
}

bool OutboxTable::setFailed(const QString &transactionId, bool failed, const QString &reason)
{
    Statement &s = m_db.cached("UPDATE outbox SET failed = ?2, reason = ?3 WHERE txn_id = ?1");
    if (!s.bindText(1, transactionId).bindInt64(2, failed ? 1 : 0).bindText(3, failed ? reason : QString()).exec())
        return false;
    return m_db.changes() == 1;
}

bool OutboxTable::remove(const QString &transactionId)
{
    return m_db.cached("DELETE FROM outbox WHERE txn_id = ?").bindText(1, transactionId).exec();
}

QList<OutboxEntry> OutboxTable::entries()
{
    Statement &s = m_db.cached("SELECT txn_id, room_id, type, content, accepted_ms, failed, reason, depends_on FROM outbox"
                               " ORDER BY seq");
    QList<OutboxEntry> list;
    while (s.step() == Statement::Step::Row) {
        OutboxEntry e;
        e.transactionId = s.text(0);
        e.roomId = s.text(1);
        e.eventType = s.text(2);
        e.content = objectFromStoredJson(s.blobView(3));
        e.acceptedAtMs = s.int64(4);
        e.failed = s.int64(5) != 0;
        e.failureReason = s.text(6);
        e.dependsOn = s.isNull(7) ? QString() : s.text(7);
        list.append(e);
    }
    s.reset();
    return list;
}

} // namespace estafette
