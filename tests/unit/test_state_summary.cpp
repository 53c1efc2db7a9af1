// The one sentence a folded run of state changes shows: the room's creation, joins and leaves (by name for one
// or two people, counted beyond), mixes of memberships, settings alone, and each member counted once whatever
// the run did to them.
#include "events/state_summary.h"

#include <QJsonObject>
#include <QTest>

using namespace estafette;

namespace {

const NameLookup names = [](const QString &id) {
    static const QHash<QString, QString> known{{"@paul:x", "Paul"}, {"@alice:x", "Alice"}, {"@bob:x", "Bob"},
                                               {"@carol:x", "Carol"}, {"@dan:x", "Dan"}};
    return known.value(id, id);
};

Event state(const QString &type, const QString &sender, const QJsonObject &content, const QString &stateKey = {})
{
    return Event(QJsonObject{{"type", type}, {"sender", sender}, {"state_key", stateKey}, {"content", content},
                             {"event_id", "$" + type + sender + stateKey}});
}

// A member event for `user`, from `before` to `after` (prev_content only when `before` is given).
Event member(const QString &user, const QString &after, const QString &before = {}, const QString &name = {},
             const QString &sender = {})
{
    QJsonObject content{{"membership", after}};
    if (!name.isEmpty())
        content.insert("displayname", name);
    QJsonObject json{{"type", "m.room.member"}, {"sender", sender.isEmpty() ? user : sender}, {"state_key", user},
                     {"content", content}, {"event_id", "$m" + user + after}};
    if (!before.isEmpty())
        json.insert("unsigned", QJsonObject{{"prev_content", QJsonObject{{"membership", before}}}});
    return Event(json);
}

Event renamed(const QString &user, const QString &from, const QString &to)
{
    return Event(QJsonObject{
        {"type", "m.room.member"}, {"sender", user}, {"state_key", user}, {"event_id", "$r" + user},
        {"content", QJsonObject{{"membership", "join"}, {"displayname", to}}},
        {"unsigned", QJsonObject{{"prev_content", QJsonObject{{"membership", "join"}, {"displayname", from}}}}}});
}

// What a client sends when Paul creates a room: creation, his join, power levels, rules, name, topic.
QList<Event> creation()
{
    return {state("m.room.create", "@paul:x", {{"room_version", "10"}, {"creator", "@paul:x"}}),
            member("@paul:x", "join"),
            state("m.room.power_levels", "@paul:x", {{"users", QJsonObject{{"@paul:x", 100}}}}),
            state("m.room.join_rules", "@paul:x", {{"join_rule", "invite"}}),
            state("m.room.history_visibility", "@paul:x", {{"history_visibility", "shared"}}),
            state("m.room.name", "@paul:x", {{"name", "Ops"}}),
            state("m.room.topic", "@paul:x", {{"topic", "Daily"}})};
}

} // namespace

class TestStateSummary : public QObject {
    Q_OBJECT
private slots:
    void creationIsTheCreatorsSentence()
    {
        QCOMPARE(summarizeStateRun(creation(), names), QStringLiteral("Paul created and configured the room"));
    }

    void creationWithoutCreatorFieldNamesItsSender()
    {
        // Room version 11 dropped content.creator: the sender is the creator.
        QList<Event> run = creation();
        run[0] = state("m.room.create", "@paul:x", {{"room_version", "11"}});
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Paul created and configured the room"));
    }

    void creatorUnknownToTheRoomIsNamedByTheirJoin()
    {
        QList<Event> run = creation();
        run[0] = state("m.room.create", "@zoe:x", {{"creator", "@zoe:x"}});
        run[1] = member("@zoe:x", "join", {}, "Zoé");
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Zoé created and configured the room"));
    }

    void bareCreationSaysCreated()
    {
        const QList<Event> run{creation().at(0), creation().at(1)};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Paul created the room"));
    }

    void creationThenOthersSaysWhoCame()
    {
        QList<Event> run = creation();
        run << member("@alice:x", "invite", {}, {}, "@paul:x") << member("@alice:x", "join", "invite")
            << member("@bob:x", "invite", {}, {}, "@paul:x");
        QCOMPARE(summarizeStateRun(run, names),
                 QStringLiteral("Paul created and configured the room, Alice joined, Bob was invited"));
    }

    void joins_data()
    {
        QTest::addColumn<QStringList>("users");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one") << QStringList{"@alice:x"} << "Alice joined";
        QTest::newRow("two") << QStringList{"@alice:x", "@bob:x"} << "Alice and Bob joined";
        QTest::newRow("three") << QStringList{"@alice:x", "@bob:x", "@carol:x"} << "3 people joined";
        QTest::newRow("four") << QStringList{"@alice:x", "@bob:x", "@carol:x", "@dan:x"} << "4 people joined";
    }
    void joins()
    {
        QFETCH(QStringList, users);
        QFETCH(QString, expected);
        QList<Event> run;
        for (const QString &user : users)
            run << member(user, "join", "leave");
        if (run.size() == 1) // a run has two rows at least: the same person's profile after joining
            run << renamed(users.at(0), "Alice", "Alice");
        QCOMPARE(summarizeStateRun(run, names), expected);
    }

    void leaves_data()
    {
        QTest::addColumn<QStringList>("users");
        QTest::addColumn<QString>("expected");
        QTest::newRow("two") << QStringList{"@alice:x", "@bob:x"} << "Alice and Bob left";
        QTest::newRow("three") << QStringList{"@alice:x", "@bob:x", "@carol:x"} << "3 people left";
    }
    void leaves()
    {
        QFETCH(QStringList, users);
        QFETCH(QString, expected);
        QList<Event> run;
        for (const QString &user : users)
            run << member(user, "leave", "join");
        QCOMPARE(summarizeStateRun(run, names), expected);
    }

    void joinThenRenameIsOneJoin()
    {
        const QList<Event> run{member("@alice:x", "join", "leave", "Alice"), renamed("@alice:x", "Alice", "Alicia"),
                               member("@bob:x", "join")};
        // Alice is named as the run left her.
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Alicia and Bob joined"));
    }

    void theSamePersonJoiningTwiceCountsOnce()
    {
        const QList<Event> run{member("@alice:x", "join", "leave"), member("@alice:x", "join", "join"),
                               member("@bob:x", "join"), member("@carol:x", "join")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("3 people joined"));
    }

    void mixedMemberships()
    {
        const QList<Event> run{member("@alice:x", "join"), member("@bob:x", "join"), member("@carol:x", "join"),
                               member("@dan:x", "leave", "join")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("3 people joined, Dan left"));
    }

    void kickAndBan()
    {
        const QList<Event> run{member("@alice:x", "leave", "join", {}, "@paul:x"),
                               member("@bob:x", "ban", "join", {}, "@paul:x")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Alice left, Bob was banned"));
    }

    void joinedAndLeftIsAnotherChange()
    {
        const QList<Event> run{member("@alice:x", "join"), member("@bob:x", "join"), member("@bob:x", "leave", "join")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Alice joined, one other change"));
    }

    void membershipsAndSettings()
    {
        const QList<Event> run{member("@alice:x", "join"), state("m.room.topic", "@paul:x", {{"topic", "t"}}),
                               state("m.room.name", "@paul:x", {{"name", "n"}})};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Alice joined, Paul changed the room settings"));
        // Settings by two people: counted.
        const QList<Event> two{member("@alice:x", "join"), state("m.room.topic", "@paul:x", {{"topic", "t"}}),
                               state("m.room.name", "@bob:x", {{"name", "n"}})};
        QCOMPARE(summarizeStateRun(two, names), QStringLiteral("Alice joined, 2 other changes"));
    }

    void profileChanges()
    {
        const QList<Event> run{renamed("@alice:x", "Alice", "Alicia"), renamed("@bob:x", "Bob", "Robert")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Alicia and Robert changed their profile"));
    }

    void settingsByOnePerson()
    {
        const QList<Event> run{state("m.room.topic", "@paul:x", {{"topic", "t"}}),
                               state("m.room.name", "@paul:x", {{"name", "n"}}),
                               state("m.room.join_rules", "@paul:x", {{"join_rule", "public"}})};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("Paul changed the room settings"));
    }

    void settingsByManyIsACount()
    {
        const QList<Event> run{state("m.room.topic", "@paul:x", {{"topic", "t"}}),
                               state("m.room.name", "@alice:x", {{"name", "n"}}),
                               state("m.room.avatar", "@alice:x", {{"url", "mxc://x/a"}})};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("3 changes to the room"));
    }

    void declinedInvitationsAreChanges()
    {
        const QList<Event> run{member("@alice:x", "leave", "invite"), member("@bob:x", "leave", "invite")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("2 changes to the room"));
    }

    void unknownUserFallsBackToTheId()
    {
        const QList<Event> run{member("@zoe:x", "join"), member("@yan:x", "join")};
        QCOMPARE(summarizeStateRun(run, names), QStringLiteral("@zoe:x and @yan:x joined"));
        QCOMPARE(summarizeStateRun(run, {}), QStringLiteral("@zoe:x and @yan:x joined"));
    }
};

QTEST_GUILESS_MAIN(TestStateSummary)
#include "test_state_summary.moc"
