#include "rooms/room_state.h"

#include <QJsonValue>

#include <algorithm>

namespace estafette {

namespace {

const QString kMember = QStringLiteral("m.room.member");

QString contentString(const Event *event, const char *key)
{
    if (!event)
        return {};
    const QJsonValue v = event->content().value(QLatin1String(key));
    return v.isString() ? v.toString() : QString();
}

bool countsForDisambiguation(const QString &membership)
{
    return membership == QLatin1String("join") || membership == QLatin1String("invite");
}

} // namespace

void RoomState::apply(const Event &stateEvent)
{
    if (!stateEvent.isState())
        return;
    const QPair<QString, QString> key{stateEvent.type(), stateEvent.stateKey()};
    if (key.first == kMember) {
        const auto old = m_events.constFind(key);
        if (old != m_events.constEnd()) {
            const MemberView before(*old);
            if (countsForDisambiguation(before.membership()) && !before.displayName().isEmpty()) {
                auto it = m_nameCounts.find(before.displayName());
                if (it != m_nameCounts.end() && --it.value() <= 0)
                    m_nameCounts.erase(it);
            }
        }
        const MemberView after(stateEvent);
        if (countsForDisambiguation(after.membership()) && !after.displayName().isEmpty())
            ++m_nameCounts[after.displayName()];
    }
    m_events.insert(key, stateEvent);
}

const Event *RoomState::get(const QString &type, const QString &stateKey) const
{
    const auto it = m_events.constFind(qMakePair(type, stateKey));
    return it == m_events.constEnd() ? nullptr : &it.value();
}

QString RoomState::name() const { return contentString(get(QStringLiteral("m.room.name")), "name"); }

QString RoomState::canonicalAlias() const
{
    return contentString(get(QStringLiteral("m.room.canonical_alias")), "alias");
}

QString RoomState::topic() const { return contentString(get(QStringLiteral("m.room.topic")), "topic"); }
QString RoomState::avatarUrl() const { return contentString(get(QStringLiteral("m.room.avatar")), "url"); }
bool RoomState::isEncrypted() const { return get(QStringLiteral("m.room.encryption")) != nullptr; }

QString RoomState::creator() const
{
    const Event *create = get(QStringLiteral("m.room.create"));
    if (!create)
        return {};
    const QString creator = contentString(create, "creator");
    return creator.isEmpty() ? create->sender() : creator; // room version 11 dropped content.creator
}

std::optional<MemberInfo> RoomState::member(const QString &userId) const
{
    const Event *event = get(kMember, userId);
    if (!event)
        return std::nullopt;
    const MemberView view(*event);
    return MemberInfo{userId, view.displayName(), view.avatarUrl(), view.membership()};
}

QList<MemberInfo> RoomState::members(const QString &membership) const
{
    QList<MemberInfo> out;
    for (auto it = m_events.constBegin(); it != m_events.constEnd(); ++it) {
        if (it.key().first != kMember)
            continue;
        const MemberView view(it.value());
        if (membership.isEmpty() || view.membership() == membership)
            out.append(MemberInfo{it.key().second, view.displayName(), view.avatarUrl(), view.membership()});
    }
    std::sort(out.begin(), out.end(), [](const MemberInfo &a, const MemberInfo &b) { return a.userId < b.userId; });
    return out;
}

int RoomState::memberCount(const QString &membership) const
{
    int count = 0;
    for (auto it = m_events.constBegin(); it != m_events.constEnd(); ++it) {
        if (it.key().first == kMember && MemberView(it.value()).membership() == membership)
            ++count;
    }
    return count;
}

QString RoomState::displayNameOf(const QString &userId) const
{
    const Event *event = get(kMember, userId);
    if (!event)
        return userId;
    const MemberView view(*event);
    const QString name = view.displayName();
    if (name.isEmpty())
        return userId;
    // Disambiguate when another joined or invited member uses the same name (the spec's rule).
    int sameName = m_nameCounts.value(name);
    if (countsForDisambiguation(view.membership()))
        --sameName; // this member itself
    if (sameName > 0)
        return QStringLiteral("%1 (%2)").arg(name, userId);
    return name;
}

PowerLevels RoomState::powerLevels() const
{
    return PowerLevels(get(QStringLiteral("m.room.power_levels")), creator());
}

} // namespace estafette
