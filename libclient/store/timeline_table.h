#pragma once

#include "events/event.h"
#include "sync/sync_delta.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace estafette {

class Database;

// One timeline row: an event, or a gap (events the server skipped, fetched with `gapToken`).
struct TimelineRow {
    qint64 pos = 0;
    bool isGap = false;
    bool folded = false;  // a relation or redaction, shown through the event it points at
    QString gapToken;
    QByteArray eventJson; // compact JSON, empty for gaps
};

// Table group "timeline": each room's events in order (integer order key `pos`, ascending = chronological),
// event id unique per room, and gap rows. Sync appends above the highest key; a limited sync first adds a gap
// row and leaves kGapSpace keys free after it for the missing events; older pages go below the lowest key.
class TimelineTable {
public:
    static constexpr qint64 kGapSpace = qint64(1) << 32;

    explicit TimelineTable(Database &db) : m_db(db) {}

    static bool createV1(Database &db);
    // Schema 9: relations kept so a restart aggregates them without the network: each row says whether it is
    // folded into another event (edit, reaction, redaction) and which (`target`), so a window of shown rows
    // brings its relations along and a redaction finds what it deletes, in either arrival order.
    static bool migrateV9(Database &db);

    struct AppendResult {
        bool ok = false;
        bool roomWasEmpty = false; // no row before this sync: the sync's prevBatch is the room's top token
        int inserted = 0;          // events written (already known ones are skipped)
    };
    // Sync: `events` chronological. When `limited` and the room already has rows and the first event is not
    // already stored, a gap row with `prevBatch` goes before them (replacing the token of a gap that is the
    // newest row: the newer token covers everything below it).
    AppendResult appendSync(qint64 room, const QList<Event> &events, bool limited, const QString &prevBatch);

    struct PageResult {
        bool ok = false;
        bool filledGap = false; // the page continued a gap (page.start was its token)
        int inserted = 0;
    };
    // A /messages dir=b page (chunk newest-first). When page.start is a gap's token, the events go right below
    // the newer rows after that gap and the gap is closed (an event already stored is reached, or page.end is
    // empty) or takes page.end as its token. Otherwise they go below the lowest row (the room's top).
    PageResult insertOlderPage(qint64 room, const MessagesPage &page);

    // The newest rows (events and gaps) down to the `limit`-th shown one (folded relations among them do not
    // count), newest first.
    QList<TimelineRow> newest(qint64 room, int limit);
    // The same just below `pos`.
    QList<TimelineRow> before(qint64 room, qint64 pos, int limit);
    // Stored events pointing at `eventId` (its relations and redactions), as stored.
    QList<QByteArray> pointingAt(qint64 room, const QString &eventId);
    bool contains(qint64 room, const QString &eventId);
    int eventCount(qint64 room);
    // One stored event's JSON as stored (compact); nullopt when the room has no such event.
    std::optional<QByteArray> event(qint64 room, const QString &eventId);
    // Replaces a stored event's JSON in place (same position); false when it is not stored or on failure.
    bool replaceEvent(qint64 room, const QString &eventId, const QByteArray &json);

private:
    bool insertEvent(qint64 room, qint64 pos, const Event &event, bool *inserted);
    QList<TimelineRow> window(qint64 room, std::optional<qint64> below, int limit);
    QList<TimelineRow> readRows(class Statement &s);
    Database &m_db;
};

} // namespace estafette
