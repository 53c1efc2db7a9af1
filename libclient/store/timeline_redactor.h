#pragma once

#include "events/event.h"

#include <QList>

namespace estafette {

class MediaCacheTable;
class RoomTable;
class TimelineTable;

// Erases from the stored timeline what redactions delete, so that at rest it is gone and not only hidden: the
// redacted event's JSON is replaced by its redacted form (events/redaction.h), and so are the edits of it by its
// sender (they hold its text too). Works in either arrival order: a redaction stored before the event it deletes
// (paged in later) is applied when that event is written. A redaction counts only when the room's power levels
// allow it (its sender's own event, or "redact" power), as the timeline shows it.
// A redacted message's cached media (file and thumbnails) leave the media cache with their keys.
// Runs inside the caller's transaction; the store then checkpoints the WAL so no older page copy stays behind.
class TimelineRedactor {
public:
    TimelineRedactor(TimelineTable &timeline, RoomTable &rooms, MediaCacheTable &media)
        : m_timeline(timeline), m_rooms(rooms), m_media(media)
    {
    }

    // After `events` were written to `room`: applies the redactions among them, and stored redactions to the
    // others. False on a database failure; *erased tells whether anything was erased.
    bool apply(qint64 room, const QList<Event> &events, bool *erased);

private:
    bool redactStored(qint64 room, const QString &eventId, const Event &redaction, bool *erased);
    bool allowed(qint64 room, const Event &redaction, const Event &target);
    TimelineTable &m_timeline;
    RoomTable &m_rooms;
    MediaCacheTable &m_media;
};

} // namespace estafette
