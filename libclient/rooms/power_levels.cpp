#include "rooms/power_levels.h"

#include <QJsonValue>

#include <cmath>

namespace estafette {

namespace {

// An integer field (the spec allows only integers; older servers sent strings of digits, which we accept).
std::optional<int> levelOf(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 1e15)
            return int(std::clamp(d, -1e9, 1e9));
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const int n = value.toString().trimmed().toInt(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

} // namespace

PowerLevels::PowerLevels(const Event *powerLevels, const QString &creator) : m_creator(creator)
{
    if (!powerLevels)
        return;
    m_hasEvent = true;
    m_content = powerLevels->content();
    m_usersDefault = levelOf(m_content.value(QLatin1String("users_default"))).value_or(0);
    m_eventsDefault = levelOf(m_content.value(QLatin1String("events_default"))).value_or(0);
    m_redact = levelOf(m_content.value(QLatin1String("redact"))).value_or(50);
    m_notifyRoom = levelOf(m_content.value(QLatin1String("notifications")).toObject().value(QLatin1String("room")))
                       .value_or(50);
}

int PowerLevels::userLevel(const QString &userId) const
{
    if (!m_hasEvent)
        return !m_creator.isEmpty() && userId == m_creator ? 100 : 0;
    const QJsonValue users = m_content.value(QLatin1String("users"));
    if (users.isObject()) {
        if (const std::optional<int> level = levelOf(users.toObject().value(userId)))
            return *level;
    }
    return m_usersDefault;
}

bool PowerLevels::canSendMessage(const QString &userId, const QString &eventType) const
{
    int needed = m_eventsDefault;
    const QJsonValue events = m_content.value(QLatin1String("events"));
    if (events.isObject()) {
        if (const std::optional<int> level = levelOf(events.toObject().value(eventType)))
            needed = *level;
    }
    return userLevel(userId) >= needed;
}

} // namespace estafette
