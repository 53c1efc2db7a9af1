#pragma once

#include <QList>
#include <QJsonObject>
#include <QString>

namespace estafette {

class Database;
struct OutboxEntry;

// Table group "outbox": messages the composer accepted, in acceptance order (seq AUTOINCREMENT: a removed
// entry's number is never reused), transaction id unique.
class OutboxTable {
public:
    explicit OutboxTable(Database &db) : m_db(db) {}

    static bool createV1(Database &db);
    // Schema 9: depends_on, the transaction id of the message a dependent entry (reaction, edit…) waits for.
    static bool migrateV9(Database &db);

    // The entry's row only (AccountStore::outboxInsert adds its attachment and commits with synchronous=FULL).
    bool insert(const OutboxEntry &entry);
    bool setFailed(const QString &transactionId, bool failed, const QString &reason);
    bool remove(const QString &transactionId);
    bool resolve(const QString &transactionId, const QJsonObject &content); // content naming its target, no dependency
    QList<OutboxEntry> entries(); // without their attachments

private:
    Database &m_db;
};

} // namespace estafette
