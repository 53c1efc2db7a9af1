#include "store/timeline_redactor.h"

#include "events/redaction.h"
#include "events/media_content.h"
#include "events/relation.h"
#include "rooms/power_levels.h"
#include "store/media_cache_table.h"
#include "store/room_table.h"
#include "store/stored_json.h"
#include "store/timeline_table.h"

namespace estafette {

bool TimelineRedactor::allowed(qint64 room, const Event &redaction, const Event &target)
{
    if (redaction.sender() == target.sender())
        return true;
    const std::optional<Event> levels = m_rooms.stateEvent(room, QStringLiteral("m.room.power_levels"));
    const std::optional<Event> create = m_rooms.stateEvent(room, QStringLiteral("m.room.create"));
    QString creator;
    if (create) {
        creator = create->content().value(QLatin1String("creator")).toString();
        if (creator.isEmpty())
            creator = create->sender();
    }
    return PowerLevels(levels ? &*levels : nullptr, creator).canRedactOthers(redaction.sender());
}

bool TimelineRedactor::redactStored(qint64 room, const QString &eventId, const Event &redaction, bool *erased)
{
    const std::optional<QByteArray> stored = m_timeline.event(room, eventId);
    if (!stored)
        return true; // not here (yet): the redaction is stored and applied when the event comes
    const Event target = eventFromStoredJson(*stored);
    if (target.isRedacted() || !allowed(room, redaction, target))
        return true;
    if (!m_timeline.replaceEvent(room, eventId, toStoredJson(redactedEvent(target, redaction).json())))
        return false;
    *erased = true;
    if (target.kind() == EventKind::Message) {
        const MediaContent media = MediaContent::fromEvent(target);
        QStringList uris{media.source().url};
        if (media.hasThumbnail())
            uris.append(media.thumbnail().source.url);
        for (const QString &uri : std::as_const(uris)) {
            if (!uri.isEmpty() && !m_media.removeUri(uri))
                return false;
        }
    }
    // Its edits carry its text as well: gone with it (those of its sender only, the others were never shown).
    for (const QByteArray &json : m_timeline.pointingAt(room, eventId)) {
        const Event relation = eventFromStoredJson(json);
        if (relation.isRedacted() || relation.sender() != target.sender()
            || relationOf(relation).type != Relation::Type::Replace)
            continue;
        if (!m_timeline.replaceEvent(room, relation.eventId(), toStoredJson(redactedEvent(relation, redaction).json())))
            return false;
    }
    return true;
}

bool TimelineRedactor::apply(qint64 room, const QList<Event> &events, bool *erased)
{
    for (const Event &event : events) {
        if (event.kind() == EventKind::Redaction) {
            const QString target = redactedEventId(event);
            if (!target.isEmpty() && !redactStored(room, target, event, erased))
                return false;
            continue;
        }
        // An edit of a message deleted already: its text goes too.
        const Relation relation = relationOf(event);
        if (relation.type == Relation::Type::Replace) {
            const std::optional<QByteArray> original = m_timeline.event(room, relation.eventId);
            const Event target = original ? eventFromStoredJson(*original) : Event();
            if (target.isRedacted() && event.sender() == target.sender()) {
                const Event because(target.unsignedData().value(QLatin1String("redacted_because")).toObject());
                if (!m_timeline.replaceEvent(room, event.eventId(), toStoredJson(redactedEvent(event, because).json())))
                    return false;
                *erased = true;
                continue;
            }
        }
        // A redaction that came first (this event was paged in after it).
        for (const QByteArray &json : m_timeline.pointingAt(room, event.eventId())) {
            const Event earlier = eventFromStoredJson(json);
            if (earlier.kind() == EventKind::Redaction && !redactStored(room, event.eventId(), earlier, erased))
                return false;
        }
    }
    return true;
}

} // namespace estafette
