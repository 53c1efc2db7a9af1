// RoomState: latest state per (type, state_key), members, display name disambiguation.
#include "rooms/room_state.h"

#include <QJsonObject>
#include <QTest>

using namespace estafette;

namespace {

Event member(const QString &userId, const QString &membership, const QString &displayName = {})
{
    QJsonObject content{{QStringLiteral("membership"), membership}};
    if (!displayName.isEmpty())
        content.insert(QStringLiteral("displayname"), displayName);
    return Event(QJsonObject{{QStringLiteral("type"), QStringLiteral("m.room.member")},
                             {QStringLiteral("state_key"), userId},
                             {QStringLiteral("sender"), userId},
                             {QStringLiteral("content"), content}});
}

Event stateEvent(const QString &type, const QJsonObject &content, const QString &sender = QStringLiteral("@a:x"))
{
    return Event(QJsonObject{{QStringLiteral("type"), type},
                             {QStringLiteral("state_key"), QString()},
                             {QStringLiteral("sender"), sender},
                             {QStringLiteral("content"), content}});
}

} // namespace

class TestRoomState : public QObject {
    Q_OBJECT
private slots:
    void latestStateWins()
    {
        RoomState s;
        s.apply(stateEvent("m.room.topic", {{"topic", "old"}}));
        s.apply(stateEvent("m.room.topic", {{"topic", "new"}}));
        QCOMPARE(s.topic(), QStringLiteral("new"));
        QVERIFY(s.get("m.room.topic"));
        QVERIFY(!s.get("m.room.topic", "other"));
    }

    void ignoresNonStateEvents()
    {
        RoomState s;
        s.apply(Event(QJsonObject{{"type", "m.room.topic"}, {"content", QJsonObject{{"topic", "t"}}}}));
        QCOMPARE(s.topic(), QString());
        QVERIFY(!s.get("m.room.topic"));
    }

    void roomProperties()
    {
        RoomState s;
        s.apply(stateEvent("m.room.name", {{"name", "N"}}));
        s.apply(stateEvent("m.room.canonical_alias", {{"alias", "#a:x"}}));
        s.apply(stateEvent("m.room.avatar", {{"url", "mxc://x/y"}}));
        s.apply(stateEvent("m.room.create", {{"room_version", "11"}}, "@creator:x"));
        QVERIFY(!s.isEncrypted());
        s.apply(stateEvent("m.room.encryption", {{"algorithm", "m.megolm.v1.aes-sha2"}}));
        QCOMPARE(s.name(), QStringLiteral("N"));
        QCOMPARE(s.canonicalAlias(), QStringLiteral("#a:x"));
        QCOMPARE(s.avatarUrl(), QStringLiteral("mxc://x/y"));
        QCOMPARE(s.creator(), QStringLiteral("@creator:x"));
        QVERIFY(s.isEncrypted());
    }

    void wrongTypesReadAsEmpty()
    {
        RoomState s;
        s.apply(stateEvent("m.room.name", {{"name", 42}}));
        s.apply(stateEvent("m.room.topic", {{"topic", QJsonObject()}}));
        QCOMPARE(s.name(), QString());
        QCOMPARE(s.topic(), QString());
    }

    void members()
    {
        RoomState s;
        s.apply(member("@c:x", "join", "Cee"));
        s.apply(member("@a:x", "join", "Ay"));
        s.apply(member("@b:x", "invite"));
        s.apply(member("@d:x", "leave"));
        QCOMPARE(s.memberCount("join"), 2);
        QCOMPARE(s.memberCount("invite"), 1);
        const QList<MemberInfo> joined = s.members();
        QCOMPARE(joined.size(), 2);
        QCOMPARE(joined.at(0).userId, QStringLiteral("@a:x"));
        QCOMPARE(joined.at(1).displayName, QStringLiteral("Cee"));
        QCOMPARE(s.members(QString()).size(), 4);
        QVERIFY(s.member("@b:x"));
        QCOMPARE(s.member("@b:x")->membership, QStringLiteral("invite"));
        QVERIFY(!s.member("@nobody:x"));
        s.apply(member("@b:x", "join", "Bee"));
        QCOMPARE(s.memberCount("invite"), 0);
        QCOMPARE(s.memberCount("join"), 3);
    }

    void displayNames()
    {
        RoomState s;
        s.apply(member("@a:x", "join", "Alice"));
        s.apply(member("@n:x", "join"));
        QCOMPARE(s.displayNameOf("@a:x"), QStringLiteral("Alice"));
        QCOMPARE(s.displayNameOf("@n:x"), QStringLiteral("@n:x"));
        QCOMPARE(s.displayNameOf("@unknown:x"), QStringLiteral("@unknown:x"));
    }

    void disambiguation()
    {
        RoomState s;
        s.apply(member("@a1:x", "join", "Alice"));
        s.apply(member("@a2:x", "invite", "Alice"));
        QCOMPARE(s.displayNameOf("@a1:x"), QStringLiteral("Alice (@a1:x)"));
        QCOMPARE(s.displayNameOf("@a2:x"), QStringLiteral("Alice (@a2:x)"));
        // The impostor leaves: no ambiguity any more.
        s.apply(member("@a2:x", "leave", "Alice"));
        QCOMPARE(s.displayNameOf("@a1:x"), QStringLiteral("Alice"));
        // A departed member sharing a joined member's name is still disambiguated.
        QCOMPARE(s.displayNameOf("@a2:x"), QStringLiteral("Alice (@a2:x)"));
        // A rename removes the clash too.
        s.apply(member("@a2:x", "join", "Alice"));
        QCOMPARE(s.displayNameOf("@a1:x"), QStringLiteral("Alice (@a1:x)"));
        s.apply(member("@a2:x", "join", "Alicia"));
        QCOMPARE(s.displayNameOf("@a1:x"), QStringLiteral("Alice"));
        QCOMPARE(s.displayNameOf("@a2:x"), QStringLiteral("Alicia"));
    }
};

QTEST_GUILESS_MAIN(TestRoomState)
#include "test_room_state.moc"
