#pragma once

#include "events/event.h"
#include "rooms/power_levels.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace estafette {

struct MemberInfo {
    QString userId;
    QString displayName; // raw, may be empty
    QString avatarUrl;
    QString membership;  // join, invite, leave, ban, knock
};

// Current state of one room: the latest state event per (type, state_key).
class RoomState {
public:
    void apply(const Event &stateEvent); // ignores events without a state_key

    const Event *get(const QString &type, const QString &stateKey = {}) const;
    QString name() const;            // m.room.name content.name
    QString canonicalAlias() const;  // m.room.canonical_alias content.alias
    QString topic() const;
    QString avatarUrl() const;
    bool isEncrypted() const;        // m.room.encryption present
    QString creator() const;
    PowerLevels powerLevels() const;

    std::optional<MemberInfo> member(const QString &userId) const;
    // Sorted by user id; an empty `membership` lists every member event.
    QList<MemberInfo> members(const QString &membership = QStringLiteral("join")) const;
    int memberCount(const QString &membership) const;

    // The name shown for a user: display name, with " (@user:server)" appended when another joined or
    // invited member has the same display name (the spec's rule); the user id when no display name is known.
    QString displayNameOf(const QString &userId) const;

private:
    QHash<QPair<QString, QString>, Event> m_events;
    QHash<QString, int> m_nameCounts; // display name -> joined/invited members using it
};

} // namespace estafette
