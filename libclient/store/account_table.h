#pragma once

#include "events/event.h"
#include "store/session_credentials.h"

#include <QList>
#include <QString>

#include <optional>

namespace estafette {

class Database;

// Table group "account": the signed-in account (one row), the sync token (one row) and global account data
// (one event per type).
class AccountTable {
public:
    explicit AccountTable(Database &db) : m_db(db) {}

    static bool createV1(Database &db);

    bool saveCredentials(const SessionCredentials &credentials);
    std::optional<SessionCredentials> loadCredentials();

    QString syncToken();
    bool setSyncToken(const QString &token);

    bool putAccountData(const Event &event); // replaces the event of the same type
    QList<Event> accountData();
    std::optional<Event> accountData(const QString &type);

private:
    Database &m_db;
};

} // namespace estafette
