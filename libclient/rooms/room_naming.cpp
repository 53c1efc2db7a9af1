#include "rooms/room_naming.h"

#include <QCoreApplication>

namespace estafette {

namespace {

constexpr int kMaxComputedHeroes = 5;

// "Alice", "Alice and Bob", "Alice, Bob and Carol"; with `others` > 0: "Alice and 3 others",
// "Alice, Bob and 3 others" (at most two names are shown next to a count).
QString joinNames(QStringList names, int others)
{
    if (names.isEmpty())
        return {};
    if (others > 0) {
        if (names.size() == 1)
            return QCoreApplication::translate("RoomNaming", "%1 and %n others", nullptr, others).arg(names.at(0));
        const int hidden = int(names.size()) - 2;
        return QCoreApplication::translate("RoomNaming", "%1, %2 and %n others", nullptr, others + hidden)
            .arg(names.at(0), names.at(1));
    }
    if (names.size() == 1)
        return names.at(0);
    const QString last = names.takeLast();
    QString head = names.takeFirst();
    for (const QString &name : std::as_const(names))
        head = QCoreApplication::translate("RoomNaming", "%1, %2").arg(head, name);
    return QCoreApplication::translate("RoomNaming", "%1 and %2").arg(head, last);
}

QStringList heroesFromMembers(const RoomState &state, const QString &ownUserId, bool includeLeft)
{
    QStringList heroes;
    for (const MemberInfo &member : state.members(QString())) {
        if (member.userId == ownUserId)
            continue;
        const bool present = member.membership == QLatin1String("join") || member.membership == QLatin1String("invite");
        const bool gone = member.membership == QLatin1String("leave") || member.membership == QLatin1String("ban");
        if (present || (includeLeft && gone))
            heroes.append(member.userId);
        if (heroes.size() == kMaxComputedHeroes)
            break;
    }
    return heroes;
}

} // namespace

QString computeRoomName(const RoomState &state, const RoomSummary &summary, const QString &ownUserId)
{
    const QString name = state.name().trimmed();
    if (!name.isEmpty())
        return name;
    const QString alias = state.canonicalAlias().trimmed();
    if (!alias.isEmpty())
        return alias;

    // Members besides us: from the server's counts when it sent them, else from the (possibly lazy) state.
    int total = summary.joinedCount + summary.invitedCount;
    if (total <= 0)
        total = state.memberCount(QStringLiteral("join")) + state.memberCount(QStringLiteral("invite"));
    const int others = total - 1;

    QStringList heroes;
    for (const QString &hero : summary.heroes) {
        if (hero != ownUserId && !heroes.contains(hero))
            heroes.append(hero);
    }
    if (heroes.isEmpty())
        heroes = heroesFromMembers(state, ownUserId, others <= 0);

    QStringList names;
    names.reserve(heroes.size());
    for (const QString &hero : std::as_const(heroes))
        names.append(state.displayNameOf(hero));

    if (others <= 0) {
        if (names.isEmpty())
            return QCoreApplication::translate("RoomNaming", "Empty room");
        return QCoreApplication::translate("RoomNaming", "Empty room (was %1)").arg(joinNames(names, 0));
    }
    if (names.isEmpty())
        return QCoreApplication::translate("RoomNaming", "Empty room");
    return joinNames(names, std::max(0, others - int(names.size())));
}

} // namespace estafette
