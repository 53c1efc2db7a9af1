#include "store/read_marker_table.h"

#include "store/database.h"
#include "store/statement.h"

namespace estafette {

bool ReadMarkerTable::createV2(Database &db)
{
    return db.exec("CREATE TABLE read_markers (room_id TEXT PRIMARY KEY, event_id TEXT NOT NULL);");
}

bool ReadMarkerTable::set(const QString &roomId, const QString &eventId)
{
    return m_db.cached("INSERT OR REPLACE INTO read_markers (room_id, event_id) VALUES (?, ?)")
        .bindText(1, roomId).bindText(2, eventId).exec();
}

QString ReadMarkerTable::get(const QString &roomId)
{
    Statement &s = m_db.cached("SELECT event_id FROM read_markers WHERE room_id = ?");
    QString eventId;
    if (s.bindText(1, roomId).step() == Statement::Step::Row)
        eventId = s.text(0);
    s.reset();
    return eventId;
}

bool ReadMarkerTable::remove(const QString &roomId)
{
    return m_db.cached("DELETE FROM read_markers WHERE room_id = ?").bindText(1, roomId).exec();
}

} // namespace estafette
