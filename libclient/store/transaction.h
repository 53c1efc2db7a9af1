#pragma once

namespace estafette {

class Database;

// BEGIN IMMEDIATE on construction (check isActive()); commit() makes it durable; destruction without a
// successful commit() rolls back, so an early return or a failed step leaves nothing written.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    bool commit();
    void rollback();

private:
    Database &m_db;
    bool m_active = false;
};

} // namespace estafette
