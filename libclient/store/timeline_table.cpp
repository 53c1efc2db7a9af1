#include "store/timeline_table.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <sqlcipher/sqlite3.h>

#include <optional>

namespace estafette {

bool TimelineTable::createV1(Database &db)
{
    return db.exec(
        "CREATE TABLE timeline ("
        "  room INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
        "  pos INTEGER NOT NULL,"          // order key: ascending = chronological
        "  event_id TEXT,"                 // NULL for gap rows
        "  gap_token TEXT,"                // prev_batch of the gap; NULL for events
        "  event BLOB,"                    // compact JSON; NULL for gap rows
        "  PRIMARY KEY (room, pos));"
        "CREATE UNIQUE INDEX timeline_event ON timeline (room, event_id);"
        "CREATE INDEX timeline_gap ON timeline (room, gap_token) WHERE gap_token IS NOT NULL;");
}

bool TimelineTable::insertEvent(qint64 room, qint64 pos, const Event &event, bool *inserted)
{
    Statement &s = m_db.cached("INSERT OR IGNORE INTO timeline (room, pos, event_id, event) VALUES (?, ?, ?, ?)");
    const QString eventId = event.eventId();
    s.bindInt64(1, room).bindInt64(2, pos).bindText(3, eventId.isEmpty() ? QString() : eventId)
        .bindBlob(4, toStoredJson(event.json()));
    if (!s.exec())
        return false;
    *inserted = m_db.changes() == 1;
    return true;
}

TimelineTable::AppendResult TimelineTable::appendSync(qint64 room, const QList<Event> &events, bool limited,
                                                      const QString &prevBatch)
{
    AppendResult result;
    // The newest row: its key, and whether it is a gap.
    Statement &newestRow = m_db.cached("SELECT pos, gap_token IS NOT NULL FROM timeline WHERE room = ? ORDER BY pos DESC LIMIT 1");
    std::optional<qint64> maxPos;
    bool newestIsGap = false;
    switch (newestRow.bindInt64(1, room).step()) {
    case Statement::Step::Row:
        maxPos = newestRow.int64(0);
        newestIsGap = newestRow.int64(1) != 0;
        break;
    case Statement::Step::Done:
        break;
    case Statement::Step::Error:
        newestRow.reset();
        return result;
    }
    newestRow.reset();
    result.roomWasEmpty = !maxPos.has_value();

    qint64 next = maxPos ? *maxPos + 1 : 0;
    if (limited && maxPos && !events.isEmpty() && !contains(room, events.first().eventId())) {
        if (newestIsGap) {
            if (!m_db.cached("UPDATE timeline SET gap_token = ?3 WHERE room = ?1 AND pos = ?2")
                     .bindInt64(1, room).bindInt64(2, *maxPos).bindText(3, prevBatch).exec())
                return result;
            next = *maxPos + kGapSpace;
        } else {
            if (!m_db.cached("INSERT INTO timeline (room, pos, gap_token) VALUES (?, ?, ?)")
                     .bindInt64(1, room).bindInt64(2, next).bindText(3, prevBatch.isNull() ? QStringLiteral("") : prevBatch).exec())
                return result;
            next += kGapSpace;
        }
    }
    for (const Event &event : events) {
        bool inserted = false;
        if (!insertEvent(room, next, event, &inserted))
            return result;
        if (inserted) {
            ++next;
            ++result.inserted;
        }
    }
    result.ok = true;
    return result;
}

TimelineTable::PageResult TimelineTable::insertOlderPage(qint64 room, const MessagesPage &page)
{
    PageResult result;
    std::optional<qint64> gapPos;
    if (!page.start.isEmpty()) {
        Statement &s = m_db.cached("SELECT pos FROM timeline WHERE room = ? AND gap_token = ? ORDER BY pos DESC LIMIT 1");
        if (s.bindInt64(1, room).bindText(2, page.start).step() == Statement::Step::Row)
            gapPos = s.int64(0);
        s.reset();
    }

    if (gapPos) {
        result.filledGap = true;
        // The newer rows after the gap start at `floor`; missing events go just below it, newest first.
        Statement &s = m_db.cached("SELECT min(pos) FROM timeline WHERE room = ? AND pos > ?");
        qint64 floor = *gapPos + kGapSpace;
        if (s.bindInt64(1, room).bindInt64(2, *gapPos).step() == Statement::Step::Row && !s.isNull(0))
            floor = s.int64(0);
        s.reset();
        bool close = page.end.isEmpty();
        bool outOfSpace = false;
        qint64 next = floor - 1;
        for (const Event &event : page.chunk) {
            if (contains(room, event.eventId())) {
                close = true; // the older stored segment is reached: the gap is filled
                break;
            }
            if (next <= *gapPos) {
                outOfSpace = true;
                break;
            }
            bool inserted = false;
            if (!insertEvent(room, next, event, &inserted))
                return result;
            if (inserted) {
                --next;
                ++result.inserted;
            }
        }
        if (close && !outOfSpace) {
            if (!m_db.cached("DELETE FROM timeline WHERE room = ? AND pos = ?").bindInt64(1, room).bindInt64(2, *gapPos).exec())
                return result;
        } else if (!outOfSpace) {
            if (!m_db.cached("UPDATE timeline SET gap_token = ?3 WHERE room = ?1 AND pos = ?2")
                     .bindInt64(1, room).bindInt64(2, *gapPos).bindText(3, page.end).exec())
                return result;
        }
        result.ok = true;
        return result;
    }

    Statement &s = m_db.cached("SELECT min(pos) FROM timeline WHERE room = ?");
    qint64 next = 0;
    if (s.bindInt64(1, room).step() == Statement::Step::Row && !s.isNull(0))
        next = s.int64(0) - 1;
    s.reset();
    for (const Event &event : page.chunk) {
        bool inserted = false;
        if (!insertEvent(room, next, event, &inserted))
            return result;
        if (inserted) {
            --next;
            ++result.inserted;
        }
    }
    result.ok = true;
    return result;
}

QList<TimelineRow> TimelineTable::readRows(Statement &s)
{
    QList<TimelineRow> rows;
    while (s.step() == Statement::Step::Row) {
        TimelineRow row;
        row.pos = s.int64(0);
        row.isGap = !s.isNull(1);
        if (row.isGap)
            row.gapToken = s.text(1);
        else
            row.eventJson = s.blob(2);
        rows.append(row);
    }
    s.reset();
    return rows;
}

QList<TimelineRow> TimelineTable::newest(qint64 room, int limit)
{
    Statement &s = m_db.cached("SELECT pos, gap_token, event FROM timeline WHERE room = ? ORDER BY pos DESC LIMIT ?");
    s.bindInt64(1, room).bindInt64(2, limit);
    return readRows(s);
}

QList<TimelineRow> TimelineTable::before(qint64 room, qint64 pos, int limit)
{
    Statement &s = m_db.cached("SELECT pos, gap_token, event FROM timeline WHERE room = ? AND pos < ? ORDER BY pos DESC LIMIT ?");
    s.bindInt64(1, room).bindInt64(2, pos).bindInt64(3, limit);
    return readRows(s);
}

bool TimelineTable::contains(qint64 room, const QString &eventId)
{
    if (eventId.isEmpty())
        return false;
    Statement &s = m_db.cached("SELECT 1 FROM timeline WHERE room = ? AND event_id = ?");
    const bool found = s.bindInt64(1, room).bindText(2, eventId).step() == Statement::Step::Row;
    s.reset();
    return found;
}

int TimelineTable::eventCount(qint64 room)
{
    Statement &s = m_db.cached("SELECT count(*) FROM timeline WHERE room = ? AND event_id IS NOT NULL");
    int n = 0;
    if (s.bindInt64(1, room).step() == Statement::Step::Row)
        n = int(s.int64(0));
    s.reset();
    return n;
}

std::optional<QByteArray> TimelineTable::event(qint64 room, const QString &eventId)
{
    if (eventId.isEmpty())
        return std::nullopt;
    Statement &s = m_db.cached("SELECT event FROM timeline WHERE room = ? AND event_id = ?");
    std::optional<QByteArray> json;
    if (s.bindInt64(1, room).bindText(2, eventId).step() == Statement::Step::Row)
        json = s.blob(0);
    s.reset();
    return json;
}

bool TimelineTable::replaceEvent(qint64 room, const QString &eventId, const QByteArray &json)
{
    if (eventId.isEmpty() || json.isEmpty()) {
        m_db.setError(SQLITE_MISUSE, QStringLiteral("timeline: an event id and the event are required"));
        return false;
    }
    if (!m_db.cached("UPDATE timeline SET event = ?3 WHERE room = ?1 AND event_id = ?2")
             .bindInt64(1, room).bindText(2, eventId).bindBlob(3, json).exec())
        return false;
    if (m_db.changes() == 0) {
        m_db.setError(SQLITE_NOTFOUND, QStringLiteral("timeline: no such event to replace"));
        return false;
    }
    return true;
}

} // namespace estafette
