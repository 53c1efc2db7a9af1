#pragma once

#include "events/event.h"

#include <QString>

namespace estafette {

// What a room's m.room.power_levels allows (the spec's defaults when the event or a field is missing: without the
// event the creator has 100 and everyone else 0). Values that are not integers count as missing.
class PowerLevels {
public:
    // `powerLevels` may be null (no event yet); `creator` is the room's creator (m.room.create sender).
    PowerLevels(const Event *powerLevels, const QString &creator);

    int userLevel(const QString &userId) const;
    // Redacting someone else's event needs "redact" (default 50).
    bool canRedactOthers(const QString &userId) const { return userLevel(userId) >= m_redact; }
    // Mentioning the whole room (@room) needs notifications.room (default 50).
    bool canNotifyRoom(const QString &userId) const { return userLevel(userId) >= m_notifyRoom; }
    // Sending a message event of this type.
    bool canSendMessage(const QString &userId, const QString &eventType) const;

private:
    bool m_hasEvent = false;
    QJsonObject m_content;
    QString m_creator;
    int m_usersDefault = 0;
    int m_eventsDefault = 0;
    int m_redact = 50;
    int m_notifyRoom = 50;
};

} // namespace estafette
