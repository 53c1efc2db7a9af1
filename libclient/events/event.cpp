#include "events/event.h"

#include <QHash>
#include <QJsonValue>

namespace estafette {

EventKind eventKindFromType(const QString &type)
{
    static const QHash<QString, EventKind> kinds = {
        {QStringLiteral("m.room.message"), EventKind::Message},
        {QStringLiteral("m.room.member"), EventKind::Member},
        {QStringLiteral("m.room.name"), EventKind::Name},
        {QStringLiteral("m.room.topic"), EventKind::Topic},
        {QStringLiteral("m.room.avatar"), EventKind::Avatar},
        {QStringLiteral("m.room.create"), EventKind::Create},
        {QStringLiteral("m.room.canonical_alias"), EventKind::CanonicalAlias},
        {QStringLiteral("m.room.join_rules"), EventKind::JoinRules},
        {QStringLiteral("m.room.power_levels"), EventKind::PowerLevels},
        {QStringLiteral("m.room.history_visibility"), EventKind::HistoryVisibility},
        {QStringLiteral("m.room.guest_access"), EventKind::GuestAccess},
        {QStringLiteral("m.room.encryption"), EventKind::Encryption},
        {QStringLiteral("m.room.encrypted"), EventKind::Encrypted},
        {QStringLiteral("m.room.redaction"), EventKind::Redaction},
        {QStringLiteral("m.reaction"), EventKind::Reaction},
    };
    return kinds.value(type, EventKind::Unknown);
}

namespace {

QString stringField(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

QJsonObject objectField(const QJsonObject &o, QLatin1String key)
{
    const QJsonValue v = o.value(key);
    return v.isObject() ? v.toObject() : QJsonObject();
}

} // namespace

Event::Event(QJsonObject json) : m_json(std::move(json)) {}

std::optional<Event> Event::fromJson(const QJsonValue &value, bool requireRoomEventFields)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    const QJsonValue type = o.value(QLatin1String("type"));
    if (!type.isString() || type.toString().isEmpty())
        return std::nullopt;
    if (requireRoomEventFields) {
        const QJsonValue id = o.value(QLatin1String("event_id"));
        const QJsonValue sender = o.value(QLatin1String("sender"));
        if (!id.isString() || id.toString().isEmpty() || !sender.isString() || sender.toString().isEmpty())
            return std::nullopt;
    }
    // A present but non-string state_key would make isState() lie about the event: reject it.
    const QJsonValue stateKey = o.value(QLatin1String("state_key"));
    if (!stateKey.isUndefined() && !stateKey.isString())
        return std::nullopt;
    // Local decryption results are ours alone: never taken from the wire.
    if (o.contains(QLatin1String("org.estafette.e2e"))) {
        QJsonObject clean = o;
        clean.remove(QLatin1String("org.estafette.e2e"));
        return Event(clean);
    }
    return Event(o);
}

QString Event::type() const { return stringField(m_json, QLatin1String("type")); }
QString Event::eventId() const { return stringField(m_json, QLatin1String("event_id")); }
QString Event::sender() const { return stringField(m_json, QLatin1String("sender")); }

qint64 Event::originServerTs() const
{
    const QJsonValue v = m_json.value(QLatin1String("origin_server_ts"));
    if (!v.isDouble())
        return 0;
    const double d = v.toDouble();
    // A value beyond qint64 (a broken or hostile server: fuzz_sync_parser sent 1.7e22) is no timestamp, and
    // converting it would be undefined behaviour.
    constexpr double kMax = 9.0e18;
    return d > 0 && d < kMax ? qint64(d) : 0;
}

QDateTime Event::timestamp() const
{
    const qint64 ts = originServerTs();
    return ts > 0 ? QDateTime::fromMSecsSinceEpoch(ts) : QDateTime();
}

bool Event::isState() const { return m_json.value(QLatin1String("state_key")).isString(); }
QString Event::stateKey() const { return stringField(m_json, QLatin1String("state_key")); }
QJsonObject Event::content() const { return objectField(m_json, QLatin1String("content")); }

QJsonObject Event::prevContent() const
{
    const QJsonValue u = unsignedData().value(QLatin1String("prev_content"));
    if (u.isObject())
        return u.toObject();
    return objectField(m_json, QLatin1String("prev_content"));
}

QJsonObject Event::unsignedData() const { return objectField(m_json, QLatin1String("unsigned")); }
QString Event::transactionId() const { return stringField(unsignedData(), QLatin1String("transaction_id")); }

bool Event::isRedacted() const
{
    const QJsonValue v = unsignedData().value(QLatin1String("redacted_because"));
    return !v.isUndefined() && !v.isNull();
}

QString RoomMessageView::msgtype() const { return stringField(m_event.content(), QLatin1String("msgtype")); }
QString RoomMessageView::body() const { return stringField(m_event.content(), QLatin1String("body")); }
QString RoomMessageView::format() const { return stringField(m_event.content(), QLatin1String("format")); }
QString RoomMessageView::formattedBody() const
{
    return stringField(m_event.content(), QLatin1String("formatted_body"));
}

QString MemberView::membership() const { return stringField(m_event.content(), QLatin1String("membership")); }
QString MemberView::prevMembership() const
{
    return stringField(m_event.prevContent(), QLatin1String("membership"));
}
QString MemberView::displayName() const { return stringField(m_event.content(), QLatin1String("displayname")); }
QString MemberView::prevDisplayName() const
{
    return stringField(m_event.prevContent(), QLatin1String("displayname"));
}
QString MemberView::avatarUrl() const { return stringField(m_event.content(), QLatin1String("avatar_url")); }
QString MemberView::reason() const { return stringField(m_event.content(), QLatin1String("reason")); }
bool MemberView::isDirect() const
{
    return m_event.content().value(QLatin1String("is_direct")).toBool(false);
}

} // namespace estafette
