// computeRoomName: the spec's "calculating the display name for a room", case by case.
#include "rooms/room_naming.h"

#include <QJsonObject>
#include <QTest>

using namespace estafette;

namespace {

const QString me = QStringLiteral("@me:x");

Event member(const QString &userId, const QString &membership, const QString &displayName = {})
{
    QJsonObject content{{QStringLiteral("membership"), membership}};
    if (!displayName.isEmpty())
        content.insert(QStringLiteral("displayname"), displayName);
    return Event(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.member")},
                             {QStringLiteral("state_key"), userId},
                             {QStringLiteral("sender"), userId},
                             {QStringLiteral("event_id"), QStringLiteral("$m") + userId},
                             {QStringLiteral("content"), content}});
}

Event stateEvent(const QString &type, const QJsonObject &content)
{
    return Event(QJsonObject{{QStringLiteral("type"), type},
                             {QStringLiteral("state_key"), QString()},
                             {QStringLiteral("sender"), me},
                             {QStringLiteral("event_id"), QStringLiteral("$") + type},
                             {QStringLiteral("content"), content}});
}

RoomState withMembers(const QList<Event> &members)
{
    RoomState state;
    state.apply(member(me, QStringLiteral("join"), QStringLiteral("Me")));
    for (const Event &e : members)
        state.apply(e);
    return state;
}

const QString join = QStringLiteral("join");
const QString invite = QStringLiteral("invite");
const QString leave = QStringLiteral("leave");

} // namespace

class TestRoomNaming : public QObject {
    Q_OBJECT
private slots:
    void nameWins()
    {
        RoomState state = withMembers({member("@alice:x", join, "Alice")});
        state.apply(stateEvent("m.room.canonical_alias", {{"alias", "#ops:x"}}));
        state.apply(stateEvent("m.room.name", {{"name", "Operations"}}));
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Operations"));
    }

    void emptyNameFallsBackToAlias()
    {
        RoomState state = withMembers({member("@alice:x", join, "Alice")});
        state.apply(stateEvent("m.room.name", {{"name", ""}}));
        state.apply(stateEvent("m.room.canonical_alias", {{"alias", "#ops:x"}}));
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("#ops:x"));
    }

    void aliasBeforeHeroes()
    {
        RoomState state = withMembers({member("@alice:x", join, "Alice")});
        state.apply(stateEvent("m.room.canonical_alias", {{"alias", "#ops:x"}}));
        QCOMPARE(computeRoomName(state, {{"@alice:x"}, 2, 0}, me), QStringLiteral("#ops:x"));
    }

    void oneOtherMember()
    {
        const RoomState state = withMembers({member("@alice:x", join, "Alice")});
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Alice"));
    }

    void twoOtherMembers()
    {
        const RoomState state = withMembers({member("@bob:x", join, "Bob"), member("@alice:x", invite, "Alice")});
        // Sorted by user id without server heroes; invited members count.
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Alice and Bob"));
    }

    void threeHeroesAllShown()
    {
        const RoomState state = withMembers({member("@a:x", join, "Ann"), member("@b:x", join, "Ben"),
                                             member("@c:x", join, "Cid")});
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Ann, Ben and Cid"));
    }

    void heroesFromSummary()
    {
        // Lazy loading: only the heroes' member events are known; counts come from the summary.
        const RoomState state = withMembers({member("@bob:x", join, "Bob"), member("@carol:x", join, "Carol")});
        RoomSummary summary{{QStringLiteral("@carol:x"), QStringLiteral("@bob:x")}, 3, 0};
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("Carol and Bob"));
    }

    void heroWithoutMemberEventUsesId()
    {
        const RoomState state = withMembers({});
        RoomSummary summary{{QStringLiteral("@zed:x")}, 2, 0};
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("@zed:x"));
    }

    void ownUserNeverAHero()
    {
        const RoomState state = withMembers({member("@bob:x", join, "Bob")});
        RoomSummary summary{{me, QStringLiteral("@bob:x")}, 2, 0};
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("Bob"));
    }

    void andOthers()
    {
        const RoomState state = withMembers({member("@bob:x", join, "Bob"), member("@carol:x", join, "Carol")});
        RoomSummary summary{{QStringLiteral("@bob:x"), QStringLiteral("@carol:x")}, 5, 1}; // 5 others
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("Bob, Carol and 3 others"));
    }

    void oneHeroAndOthers()
    {
        const RoomState state = withMembers({member("@bob:x", join, "Bob")});
        RoomSummary summary{{QStringLiteral("@bob:x")}, 4, 0};
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("Bob and 2 others"));
    }

    void singularOther()
    {
        const RoomState state = withMembers({member("@bob:x", join, "Bob"), member("@carol:x", join, "Carol")});
        RoomSummary summary{{QStringLiteral("@bob:x"), QStringLiteral("@carol:x")}, 4, 0};
        QCOMPARE(computeRoomName(state, summary, me), QStringLiteral("Bob, Carol and 1 others"));
    }

    void emptyRoom()
    {
        const RoomState state = withMembers({});
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Empty room"));
        QCOMPARE(computeRoomName(state, {{}, 1, 0}, me), QStringLiteral("Empty room"));
    }

    void emptyRoomWasAlice()
    {
        // Alice left; the server still names her as hero.
        const RoomState state = withMembers({member("@alice:x", leave, "Alice")});
        QCOMPARE(computeRoomName(state, {{QStringLiteral("@alice:x")}, 1, 0}, me), QStringLiteral("Empty room (was Alice)"));
        // Without server heroes the departed members are used too.
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Empty room (was Alice)"));
    }

    void disambiguatesSameDisplayName()
    {
        const RoomState state = withMembers({member("@alice:one", join, "Alice"), member("@alice:two", join, "Alice")});
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Alice (@alice:one) and Alice (@alice:two)"));
    }

    void inviteNamedAfterInviter()
    {
        // Stripped invite state: our own invite and the inviter's membership.
        RoomState state;
        state.apply(member(me, invite));
        state.apply(member("@dave:x", join, "Dave"));
        QCOMPARE(computeRoomName(state, {}, me), QStringLiteral("Dave"));
    }
};

QTEST_GUILESS_MAIN(TestRoomNaming)
#include "test_room_naming.moc"
