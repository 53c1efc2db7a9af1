#include "store/timeline_table.h"

#include "events/relation.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/stored_json.h"

#include <sqlcipher/sqlite3.h>

#include <limits>
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

bool TimelineTable::migrateV9(Database &db)
{
    if (!db.exec("ALTER TABLE timeline ADD COLUMN folded INTEGER NOT NULL DEFAULT 0;"
                 "ALTER TABLE timeline ADD COLUMN target TEXT;"
                 "CREATE INDEX timeline_target ON timeline (room, target) WHERE target IS NOT NULL;"
                 "CREATE INDEX timeline_shown ON timeline (room, pos) WHERE folded = 0;"))
        return false;
    // Rows stored before: only those that can be relations are parsed (their compact JSON names the type or
    // m.relates_to outside any string, where a quote would be escaped).
    Statement select = db.prepare("SELECT room, pos, event FROM timeline WHERE event IS NOT NULL AND ("
                                  "instr(event, '\"m.relates_to\"') > 0 OR instr(event, '\"type\":\"m.reaction\"') > 0"
                                  " OR instr(event, '\"type\":\"m.room.redaction\"') > 0)");
    struct Update {
        qint64 room, pos;
        QString target;
    };
    QList<Update> updates;
    while (select.step() == Statement::Step::Row) {
        const Event event = eventFromStoredJson(select.blob(2));
        if (isFoldedRelation(event))
            updates.append(Update{select.int64(0), select.int64(1), foldedTarget(event)});
    }
    select.reset();
    for (const Update &u : std::as_const(updates)) {
        Statement &update = db.cached("UPDATE timeline SET folded = 1, target = ?3 WHERE room = ?1 AND pos = ?2");
        if (!update.bindInt64(1, u.room).bindInt64(2, u.pos).bindText(3, u.target.isEmpty() ? QString() : u.target).exec())
            return false;
    }
    return true;
}

bool TimelineTable::insertEvent(qint64 room, qint64 pos, const Event &event, bool *inserted)
{
    Statement &s = m_db.cached(
        "INSERT OR IGNORE INTO timeline (room, pos, event_id, event, folded, target) VALUES (?, ?, ?, ?, ?, ?)");
    const QString eventId = event.eventId();
    const bool folded = isFoldedRelation(event);
    const QString target = folded ? foldedTarget(event) : QString();
    s.bindInt64(1, room).bindInt64(2, pos).bindText(3, eventId.isEmpty() ? QString() : eventId)
        .bindBlob(4, toStoredJson(event.json())).bindInt64(5, folded ? 1 : 0)
        .bindText(6, target.isEmpty() ? QString() : target);
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
        row.folded = s.int64(3) != 0;
        if (row.isGap)
            row.gapToken = s.text(1);
        else
            row.eventJson = s.blob(2);
        rows.append(row);
    }
    s.reset();
    return rows;
}

QList<TimelineRow> TimelineTable::window(qint64 room, std::optional<qint64> below, int limit)
{
    // The shown row that ends the window (the `limit`-th below `below`), found through the index of shown rows;
    // then every row above it, its relations included.
    const qint64 top = below.value_or(std::numeric_limits<qint64>::max());
    Statement &edge = m_db.cached(
        "SELECT pos FROM timeline WHERE room = ? AND folded = 0 AND pos < ? ORDER BY pos DESC LIMIT 1 OFFSET ?");
    std::optional<qint64> floor;
    if (edge.bindInt64(1, room).bindInt64(2, top).bindInt64(3, std::max(limit - 1, 0)).step() == Statement::Step::Row)
        floor = edge.int64(0);
    edge.reset();
    Statement &s = m_db.cached("SELECT pos, gap_token, event, folded FROM timeline WHERE room = ? AND pos < ? AND pos >= ?"
                               " ORDER BY pos DESC");
    s.bindInt64(1, room).bindInt64(2, top).bindInt64(3, floor.value_or(std::numeric_limits<qint64>::min()));
    QList<TimelineRow> rows = readRows(s);
    // The next shown row below (so the caller knows whether more follow, as with `limit + 1` rows).
    if (floor) {
        Statement &next = m_db.cached("SELECT pos, gap_token, event, folded FROM timeline WHERE room = ? AND pos < ?"
                                      " AND folded = 0 ORDER BY pos DESC LIMIT 1");
        next.bindInt64(1, room).bindInt64(2, *floor);
        rows.append(readRows(next));
    }
    return rows;
}

QList<TimelineRow> TimelineTable::newest(qint64 room, int limit)
{
    return window(room, std::nullopt, limit);
}

QList<TimelineRow> TimelineTable::before(qint64 room, qint64 pos, int limit)
{
    return window(room, pos, limit);
}

QList<QByteArray> TimelineTable::pointingAt(qint64 room, const QString &eventId)
{
    QList<QByteArray> events;
    if (eventId.isEmpty())
        return events;
    // Through the target index, named: for the ORDER BY, SQLite 3.15 (SQLCipher 3.4) would rather walk the whole
    // room by its primary key, and this runs for every event a sync writes (TimelineRedactor).
    Statement &s = m_db.cached("SELECT event FROM timeline INDEXED BY timeline_target WHERE room = ? AND target = ?"
                               " ORDER BY pos");
    s.bindInt64(1, room).bindText(2, eventId);
    while (s.step() == Statement::Step::Row)
        events.append(s.blob(0));
    s.reset();
    return events;
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
    // Once redacted, an event never gets its content back (a late decryption, say, of a deleted message).
    if (const std::optional<QByteArray> stored = event(room, eventId)) {
        if (eventFromStoredJson(*stored).isRedacted() && !eventFromStoredJson(json).isRedacted())
            return true;
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
