#pragma once

#include <QByteArray>

namespace estafette {

class Database;

// BEGIN IMMEDIATE on construction (check isActive()); commit() makes it durable; destruction without a
// successful commit() rolls back, so an early return or a failed step leaves nothing written.
//
// Nestable: constructed while the database is already inside a transaction, it is a savepoint instead
// (SAVEPOINT / RELEASE / ROLLBACK TO + RELEASE). Its commit() then only keeps its work as part of the outer
// transaction (durable when that one commits; gone when that one rolls back), and its rollback() undoes its own
// work only, leaving the outer transaction open and what it did before untouched.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    bool isNested() const { return !m_savepoint.isEmpty(); }
    bool commit();
    void rollback();

private:
    Database &m_db;
    QByteArray m_savepoint; // empty for a top-level transaction
    bool m_active = false;
};

} // namespace estafette
