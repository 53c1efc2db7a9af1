#include "sync/sync_delta.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSync, "estafette.sync")

namespace estafette {

namespace {

// Reads an array of events at obj[key]["events"] (or obj[key] when `direct`), skipping malformed ones.
class EventReader {
public:
    explicit EventReader(int *skipped) : m_skipped(skipped) {}

    QList<Event> read(const QJsonValue &events, bool roomEvents, const char *where) const
    {
        QList<Event> out;
        if (events.isUndefined() || events.isNull())
            return out;
        if (!events.isArray()) {
            qCWarning(lcSync) << "skipping" << where << ": events is not an array";
            ++*m_skipped;
            return out;
        }
        const QJsonArray array = events.toArray();
        out.reserve(array.size());
        for (const QJsonValue &value : array) {
            if (auto event = Event::fromJson(value, roomEvents)) {
                out.append(*event);
            } else {
                qCWarning(lcSync) << "skipping malformed event in" << where;
                ++*m_skipped;
            }
        }
        return out;
    }

    QList<Event> readBlock(const QJsonObject &parent, const char *key, bool roomEvents) const
    {
        const QJsonValue block = parent.value(QLatin1String(key));
        if (block.isUndefined() || block.isNull())
            return {};
        if (!block.isObject()) {
            qCWarning(lcSync) << "skipping" << key << ": not an object";
            ++*m_skipped;
            return {};
        }
        return read(block.toObject().value(QLatin1String("events")), roomEvents, key);
    }

private:
    int *m_skipped;
};

int intOr(const QJsonObject &o, const char *key, int fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toInt(fallback) : fallback;
}

QJsonObject objectOf(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isObject() ? v.toObject() : QJsonObject();
}

void parseCommon(RoomDelta &room, const QJsonObject &json, const EventReader &reader)
{
    room.state = reader.readBlock(json, "state", true);
    const QJsonObject timeline = objectOf(json, "timeline");
    room.timeline = reader.read(timeline.value(QLatin1String("events")), true, "timeline");
    room.limited = timeline.value(QLatin1String("limited")).toBool(false);
    room.prevBatch = timeline.value(QLatin1String("prev_batch")).toString();
    room.accountData = reader.readBlock(json, "account_data", false);
}

RoomDelta parseJoinedRoom(const QString &roomId, const QJsonObject &json, const EventReader &reader)
{
    RoomDelta room;
    room.roomId = roomId;
    room.membership = Membership::Join;
    parseCommon(room, json, reader);
    room.ephemeral = reader.readBlock(json, "ephemeral", false);

    const QJsonValue summaryValue = json.value(QLatin1String("summary"));
    if (summaryValue.isObject()) {
        const QJsonObject summary = summaryValue.toObject();
        for (const QJsonValue &hero : summary.value(QLatin1String("m.heroes")).toArray()) {
            if (hero.isString())
                room.heroes.append(hero.toString());
        }
        room.joinedCount = intOr(summary, "m.joined_member_count", -1);
        room.invitedCount = intOr(summary, "m.invited_member_count", -1);
        room.hasSummary = room.joinedCount >= 0 || room.invitedCount >= 0;
    }
    const QJsonObject unread = objectOf(json, "unread_notifications");
    room.notificationCount = intOr(unread, "notification_count", -1);
    room.highlightCount = intOr(unread, "highlight_count", -1);
    return room;
}

RoomDelta parseInvitedRoom(const QString &roomId, const QJsonObject &json, const EventReader &reader)
{
    RoomDelta room;
    room.roomId = roomId;
    room.membership = Membership::Invite;
    // Stripped state: type, state_key, sender, content; no event_id.
    room.state = reader.readBlock(json, "invite_state", false);
    return room;
}

RoomDelta parseLeftRoom(const QString &roomId, const QJsonObject &json, const EventReader &reader)
{
    RoomDelta room;
    room.roomId = roomId;
    room.membership = Membership::Leave;
    parseCommon(room, json, reader);
    return room;
}

// device_one_time_keys_count and device_unused_fallback_key_types (end-to-end encryption extensions).
void parseDeviceKeyCounts(const QJsonObject &root, SyncDelta &delta)
{
    const QJsonValue counts = root.value(QLatin1String("device_one_time_keys_count"));
    if (counts.isObject()) {
        QMap<QString, int> byAlgorithm;
        const QJsonObject object = counts.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const double n = it.value().toDouble(-1);
            if (!it.value().isDouble() || n < 0 || n > 1e9 || n != double(qint64(n))) {
                qCWarning(lcSync) << "skipping malformed one-time key count for" << it.key();
                ++delta.skippedMalformed;
                continue;
            }
            byAlgorithm.insert(it.key(), int(n));
        }
        delta.oneTimeKeyCounts = byAlgorithm;
    } else if (!counts.isUndefined() && !counts.isNull()) {
        qCWarning(lcSync) << "device_one_time_keys_count is not an object";
        ++delta.skippedMalformed;
    }
    const QJsonValue fallback = root.value(QLatin1String("device_unused_fallback_key_types"));
    if (fallback.isArray()) {
        QStringList types;
        for (const QJsonValue &type : fallback.toArray()) {
            if (type.isString())
                types.append(type.toString());
            else
                ++delta.skippedMalformed;
        }
        delta.unusedFallbackKeyTypes = types;
    } else if (!fallback.isUndefined() && !fallback.isNull()) {
        qCWarning(lcSync) << "device_unused_fallback_key_types is not an array";
        ++delta.skippedMalformed;
    }
}

// device_lists.changed / .left: user ids (strings only).
void parseDeviceLists(const QJsonObject &root, SyncDelta &delta)
{
    const QJsonObject lists = objectOf(root, "device_lists");
    auto users = [&delta](const QJsonValue &value, QStringList &out) {
        if (!value.isArray()) {
            if (!value.isUndefined() && !value.isNull())
                ++delta.skippedMalformed;
            return;
        }
        for (const QJsonValue &user : value.toArray()) {
            if (user.isString() && !user.toString().isEmpty())
                out.append(user.toString());
            else
                ++delta.skippedMalformed;
        }
    };
    users(lists.value(QLatin1String("changed")), delta.deviceListsChanged);
    users(lists.value(QLatin1String("left")), delta.deviceListsLeft);
}

using RoomParser = RoomDelta (*)(const QString &, const QJsonObject &, const EventReader &);

void parseRoomSection(const QJsonObject &rooms, const char *key, RoomParser parse, SyncDelta &delta,
                      const EventReader &reader)
{
    const QJsonValue section = rooms.value(QLatin1String(key));
    if (!section.isObject())
        return;
    const QJsonObject byId = section.toObject();
    for (auto it = byId.constBegin(); it != byId.constEnd(); ++it) {
        if (!it.value().isObject() || it.key().isEmpty()) {
            qCWarning(lcSync) << "skipping malformed room" << it.key() << "in rooms." << key;
            ++delta.skippedMalformed;
            continue;
        }
        delta.rooms.append(parse(it.key(), it.value().toObject(), reader));
    }
}

} // namespace

SyncParseResult parseSyncResponse(const QByteArray &body)
{
    SyncParseResult result;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("sync response is not JSON: %1").arg(parseError.errorString());
        return result;
    }
    if (!doc.isObject()) {
        result.error = QStringLiteral("sync response is not a JSON object");
        return result;
    }
    result.jsonObject = true;
    const QJsonObject root = doc.object();
    const QJsonValue nextBatch = root.value(QLatin1String("next_batch"));
    if (!nextBatch.isString() || nextBatch.toString().isEmpty()) {
        result.error = QStringLiteral("sync response has no next_batch");
        return result;
    }

    SyncDelta &delta = result.delta;
    delta.nextBatch = nextBatch.toString();
    const EventReader reader(&delta.skippedMalformed);
    const QJsonObject rooms = objectOf(root, "rooms");
    parseRoomSection(rooms, "join", parseJoinedRoom, delta, reader);
    parseRoomSection(rooms, "invite", parseInvitedRoom, delta, reader);
    parseRoomSection(rooms, "leave", parseLeftRoom, delta, reader);
    delta.accountData = reader.readBlock(root, "account_data", false);
    delta.toDevice = reader.readBlock(root, "to_device", false);
    parseDeviceKeyCounts(root, delta);
    parseDeviceLists(root, delta);
    if (delta.skippedMalformed > 0)
        qCWarning(lcSync) << "sync response: skipped" << delta.skippedMalformed << "malformed item(s)";
    result.ok = true;
    return result;
}

std::optional<MessagesPage> parseMessagesResponse(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        qCWarning(lcSync) << "messages response is not a JSON object";
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QJsonValue chunk = root.value(QLatin1String("chunk"));
    if (!chunk.isArray()) {
        qCWarning(lcSync) << "messages response has no chunk array";
        return std::nullopt;
    }
    MessagesPage page;
    const EventReader reader(&page.skippedMalformed);
    page.chunk = reader.read(chunk, true, "chunk");
    page.state = reader.read(root.value(QLatin1String("state")), true, "state");
    page.start = root.value(QLatin1String("start")).toString();
    page.end = root.value(QLatin1String("end")).toString();
    return page;
}

} // namespace estafette
