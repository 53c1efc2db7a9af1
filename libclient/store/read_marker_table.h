#pragma once

#include <QString>

namespace estafette {

class Database;

// Table group "read markers" (schema 2): the last event this account has read, per room.
class ReadMarkerTable {
public:
    explicit ReadMarkerTable(Database &db) : m_db(db) {}

    static bool createV2(Database &db);

    bool set(const QString &roomId, const QString &eventId);
    QString get(const QString &roomId);
    bool remove(const QString &roomId);

private:
    Database &m_db;
};

} // namespace estafette
