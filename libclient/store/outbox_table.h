#pragma once

#include <QList>
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

    // Committed with synchronous=FULL: once this returns true the message survives a crash of the process and
    // a power loss (the rest of the store runs with NORMAL, which survives a process crash only).
    bool insert(const OutboxEntry &entry);
    bool setFailed(const QString &transactionId, bool failed, const QString &reason);
    bool remove(const QString &transactionId);
    QList<OutboxEntry> entries();

private:
    Database &m_db;
};

} // namespace estafette
