// Relations folded into the messages they point at, through Room -> Timeline -> TimelineModel (under
// QAbstractItemModelTester): edits, reactions, redactions and replies in whatever order they arrive.
#include "events/event_encryption.h"
#include "models/timeline_model.h"
#include "rooms/room.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;

class TestTimelineAggregations : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void reactionsAggregateAndCountEachPersonOnce();
    void reactionBeforeItsMessage();
    void editReplacesInPlace();
    void invalidEditsAreIgnored();
    void editsOfEditsAndTheLatestEdit();
    void editPagedInLater();
    void redactionOfAnEditedAndReactedMessage();
    void redactionOfAReaction();
    void redactionBeforeItsTarget();
    void redactionNeedsPower();
    void ownReactionTogglesThroughTheOutbox();
    void ownEditAndDeletionEchoes();
    void paginationAcrossRelations();
    void encryptedRelationsWaitForDecryption();
    void replyQuotesItsOriginal();
    void rowIndexFollowsInsertions();

private:
    QJsonObject message(const QString &id, const QString &sender, const QString &body, qint64 ts = 1000,
                        const QJsonObject &extraContent = {});
    QJsonObject reaction(const QString &id, const QString &sender, const QString &target, const QString &key,
                         qint64 ts = 2000);
    QJsonObject edit(const QString &id, const QString &sender, const QString &target, const QString &body,
                     qint64 ts = 3000);
    QJsonObject redaction(const QString &id, const QString &sender, const QString &target, qint64 ts = 4000);
    void sync(const QList<QJsonObject> &events, const QList<QJsonObject> &state = {});
    void page(const QList<QJsonObject> &newestFirst, const QString &end);
    int rowOf(const QString &eventId) const;
    QString bodyOf(const QString &eventId) const;
    ReactionGroups reactionsOf(const QString &eventId) const;
    QStringList bodies() const;

    Room *m_room = nullptr;
    TimelineModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

#ifndef Q_MOC_RUN

namespace {
const QString me = QStringLiteral("@me:x");
const QString bob = QStringLiteral("@bob:x");
const QString eve = QStringLiteral("@eve:x");
} // namespace

void TestTimelineAggregations::init()
{
    m_room = new Room(QStringLiteral("!r:x"), me);
    m_model = new TimelineModel;
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->setRoom(m_room);
}

void TestTimelineAggregations::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_room;
}

QJsonObject TestTimelineAggregations::message(const QString &id, const QString &sender, const QString &body, qint64 ts,
                                              const QJsonObject &extraContent)
{
    QJsonObject content{{"msgtype", "m.text"}, {"body", body}};
    for (auto it = extraContent.begin(); it != extraContent.end(); ++it)
        content.insert(it.key(), it.value());
    return {{"type", "m.room.message"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", ts},
            {"content", content}};
}

QJsonObject TestTimelineAggregations::reaction(const QString &id, const QString &sender, const QString &target,
                                               const QString &key, qint64 ts)
{
    return {{"type", "m.reaction"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", ts},
            {"content", QJsonObject{{"m.relates_to", QJsonObject{{"rel_type", "m.annotation"}, {"event_id", target},
                                                                  {"key", key}}}}}};
}

QJsonObject TestTimelineAggregations::edit(const QString &id, const QString &sender, const QString &target,
                                           const QString &body, qint64 ts)
{
    return {{"type", "m.room.message"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", ts},
            {"content", QJsonObject{{"msgtype", "m.text"}, {"body", "* " + body},
                                    {"m.new_content", QJsonObject{{"msgtype", "m.text"}, {"body", body}}},
                                    {"m.relates_to", QJsonObject{{"rel_type", "m.replace"}, {"event_id", target}}}}}};
}

QJsonObject TestTimelineAggregations::redaction(const QString &id, const QString &sender, const QString &target,
                                                qint64 ts)
{
    return {{"type", "m.room.redaction"}, {"event_id", id}, {"sender", sender}, {"origin_server_ts", ts},
            {"redacts", target}, {"content", QJsonObject{{"redacts", target}, {"reason", "spam"}}}};
}

void TestTimelineAggregations::sync(const QList<QJsonObject> &events, const QList<QJsonObject> &state)
{
    QJsonArray timeline, stateArray;
    for (const QJsonObject &e : events)
        timeline.append(e);
    for (const QJsonObject &e : state)
        stateArray.append(e);
    const QJsonObject room{{"timeline", QJsonObject{{"events", timeline}, {"limited", false}, {"prev_batch", "top"}}},
                           {"state", QJsonObject{{"events", stateArray}}}};
    const QJsonObject body{{"next_batch", "n"}, {"rooms", QJsonObject{{"join", QJsonObject{{"!r:x", room}}}}}};
    const SyncParseResult result = parseSyncResponse(QJsonDocument(body).toJson());
    QVERIFY(result.ok);
    m_room->applyDelta(result.delta.rooms.first());
}

void TestTimelineAggregations::page(const QList<QJsonObject> &newestFirst, const QString &end)
{
    MessagesPage page;
    for (const QJsonObject &e : newestFirst)
        page.chunk.append(Event(e));
    page.end = end;
    m_room->applyMessagesPage(page);
}

int TestTimelineAggregations::rowOf(const QString &eventId) const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->index(row, 0).data(TimelineModel::EventIdRole).toString() == eventId)
            return row;
    }
    return -1;
}

QString TestTimelineAggregations::bodyOf(const QString &eventId) const
{
    const int row = rowOf(eventId);
    return row < 0 ? QStringLiteral("<no row>") : m_model->index(row, 0).data(TimelineModel::BodyRole).toString();
}

ReactionGroups TestTimelineAggregations::reactionsOf(const QString &eventId) const
{
    const int row = rowOf(eventId);
    return row < 0 ? ReactionGroups() : m_model->index(row, 0).data(TimelineModel::ReactionsRole).value<ReactionGroups>();
}

QStringList TestTimelineAggregations::bodies() const
{
    QStringList out;
    for (int row = 0; row < m_model->rowCount(); ++row)
        out << m_model->index(row, 0).data(TimelineModel::BodyRole).toString();
    return out;
}

void TestTimelineAggregations::reactionsAggregateAndCountEachPersonOnce()
{
    sync({message("$m", bob, "hello"), reaction("$r1", bob, "$m", "👍", 2000), reaction("$r2", eve, "$m", "👍", 2100),
          reaction("$r3", eve, "$m", "👍", 2200), reaction("$r4", me, "$m", "🎉", 1900)});
    QCOMPARE(m_model->rowCount(), 1); // reactions are not rows
    const ReactionGroups groups = reactionsOf("$m");
    QCOMPARE(groups.size(), 2);
    QCOMPARE(groups.at(0).key, QStringLiteral("🎉")); // its first reaction came first
    QCOMPARE(groups.at(0).senders, QStringList{me});
    QCOMPARE(groups.at(0).ownEventId, QStringLiteral("$r4"));
    QCOMPARE(groups.at(1).key, QStringLiteral("👍"));
    QCOMPARE(groups.at(1).senders, QStringList({bob, eve})); // eve's second 👍 does not count twice
    QVERIFY(!groups.at(1).includesOwn());
    QCOMPARE(m_room->lastMessagePreview().contains(QStringLiteral("hello")), true);
}

void TestTimelineAggregations::reactionBeforeItsMessage()
{
    sync({reaction("$r1", bob, "$m", "❤️")});
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    page({message("$m", bob, "earlier")}, QString());
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(reactionsOf("$m").size(), 1);
    QCOMPARE(reactionsOf("$m").first().senders, QStringList{bob});
}

void TestTimelineAggregations::editReplacesInPlace()
{
    sync({message("$m", bob, "helo"), message("$n", eve, "next")});
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    sync({edit("$e", bob, "$m", "hello")});
    QCOMPARE(m_model->rowCount(), 2); // the edit is not a row
    QCOMPARE(bodyOf("$m"), QStringLiteral("hello"));
    QVERIFY(m_model->index(rowOf("$m"), 0).data(TimelineModel::IsEditedRole).toBool());
    QVERIFY(!m_model->index(rowOf("$n"), 0).data(TimelineModel::IsEditedRole).toBool());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), rowOf("$m"));
    const QList<EditRecord> history = m_model->editHistory(rowOf("$m"));
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().newContent.value("body").toString(), QStringLiteral("hello"));
}

void TestTimelineAggregations::invalidEditsAreIgnored()
{
    QJsonObject sticker = message("$s", bob, "a sticker");
    sticker.insert("type", "m.sticker");
    sync({message("$m", bob, "original"), sticker});
    // By someone else; changing the type (an m.room.message edit of a sticker); without m.new_content; a state
    // event claiming to be an edit.
    QJsonObject noNewContent = edit("$e3", bob, "$m", "x");
    QJsonObject content = noNewContent.value("content").toObject();
    content.remove("m.new_content");
    noNewContent.insert("content", content);
    QJsonObject stateEdit = edit("$e4", bob, "$m", "state");
    stateEdit.insert("state_key", "");
    sync({edit("$e1", eve, "$m", "hijacked"), edit("$e2", bob, "$s", "changed type"), noNewContent, stateEdit});
    QCOMPARE(bodyOf("$m"), QStringLiteral("original"));
    QVERIFY(!m_model->index(rowOf("$m"), 0).data(TimelineModel::IsEditedRole).toBool());
    QVERIFY(!m_model->index(rowOf("$s"), 0).data(TimelineModel::IsEditedRole).toBool());
    // An edit that arrived encrypted, of a message sent in the clear, is not valid either (a room that became
    // encrypted cannot have its old messages rewritten from inside the ciphertext).
    const QJsonObject encrypted{
        {"type", "m.room.encrypted"}, {"event_id", "$e5"}, {"sender", bob}, {"origin_server_ts", 5000},
        {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}, {"ciphertext", "AAAA"}, {"session_id", "s"},
                                {"sender_key", "k"},
                                {"m.relates_to", QJsonObject{{"rel_type", "m.replace"}, {"event_id", "$m"}}}}}};
    sync({encrypted});
    m_room->replaceEvents({decryptedEvent(Event(encrypted), "m.room.message",
                                          edit("$e5", bob, "$m", "from the dark").value("content").toObject(),
                                          EncryptionStatus{true, true})});
    QCOMPARE(bodyOf("$m"), QStringLiteral("original"));
    QVERIFY(!m_model->index(rowOf("$m"), 0).data(TimelineModel::IsEditedRole).toBool());
    QCOMPARE(rowOf("$e5"), -1); // neither the encrypted edit nor its decrypted form is a row
}

void TestTimelineAggregations::editsOfEditsAndTheLatestEdit()
{
    sync({message("$m", bob, "v0"), edit("$b", bob, "$m", "v2", 3000), edit("$a", bob, "$m", "v1", 2000),
          edit("$c", bob, "$m", "v2-tie-loses", 3000)});
    // Newest by timestamp; same timestamp: the greater event id ("$c" > "$b").
    QCOMPARE(bodyOf("$m"), QStringLiteral("v2-tie-loses"));
    // An edit of an edit is not an edit of the message.
    sync({edit("$x", bob, "$c", "edit of an edit", 9000)});
    QCOMPARE(bodyOf("$m"), QStringLiteral("v2-tie-loses"));
    QCOMPARE(m_model->editHistory(rowOf("$m")).size(), 3);
}

void TestTimelineAggregations::editPagedInLater()
{
    sync({message("$m", bob, "first")});
    m_room->applyDelta([] {
        RoomDelta d;
        d.roomId = QStringLiteral("!r:x");
        return d;
    }());
    page({edit("$e", bob, "$m", "edited, seen in an older page", 1500)}, QString());
    QCOMPARE(bodyOf("$m"), QStringLiteral("edited, seen in an older page"));
    QCOMPARE(m_model->rowCount(), 1);
}

void TestTimelineAggregations::redactionOfAnEditedAndReactedMessage()
{
    sync({message("$m", bob, "secret"), edit("$e", bob, "$m", "secret v2"), reaction("$r", eve, "$m", "👍")});
    QSignalSpy redacted(m_room->timeline(), &Timeline::eventRedacted);
    sync({redaction("$x", bob, "$m")});
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->index(0, 0);
    QVERIFY(row.data(TimelineModel::IsRedactedRole).toBool());
    QCOMPARE(row.data(TimelineModel::BodyRole).toString(), QStringLiteral("Message deleted"));
    QVERIFY(!row.data(TimelineModel::IsEditedRole).toBool());
    QVERIFY(row.data(TimelineModel::ReactionsRole).value<ReactionGroups>().isEmpty());
    QCOMPARE(redacted.size(), 1);
    // The row's event itself no longer holds what was written.
    const Event &event = m_room->timeline()->at(0).event;
    QVERIFY(event.isRedacted());
    QVERIFY(!QJsonDocument(event.json()).toJson().contains("secret"));
}

void TestTimelineAggregations::redactionOfAReaction()
{
    sync({message("$m", bob, "hi"), reaction("$r1", bob, "$m", "👍"), reaction("$r2", eve, "$m", "👍")});
    QCOMPARE(reactionsOf("$m").first().senders.size(), 2);
    sync({redaction("$x", eve, "$r2")});
    QCOMPARE(reactionsOf("$m").first().senders, QStringList{bob});
    QVERIFY(!m_model->index(0, 0).data(TimelineModel::IsRedactedRole).toBool());
    sync({redaction("$y", bob, "$r1")});
    QVERIFY(reactionsOf("$m").isEmpty());
}

void TestTimelineAggregations::redactionBeforeItsTarget()
{
    sync({redaction("$x", bob, "$old"), reaction("$r", bob, "$old", "👍")});
    page({message("$old", bob, "will be gone")}, QString());
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY(m_model->index(0, 0).data(TimelineModel::IsRedactedRole).toBool());
    QVERIFY(!QJsonDocument(m_room->timeline()->at(0).event.json()).toJson().contains("will be gone"));
    // A redaction of a reaction that had not arrived yet: when it comes (paged in), it does not count.
    sync({message("$m", bob, "hi"), redaction("$y", eve, "$late")});
    page({reaction("$late", eve, "$m", "🙃")}, QString());
    QVERIFY(reactionsOf("$m").isEmpty());
}

void TestTimelineAggregations::redactionNeedsPower()
{
    const QJsonObject powerLevels{{"type", "m.room.power_levels"}, {"state_key", ""}, {"event_id", "$pl"},
                                  {"sender", bob}, {"origin_server_ts", 1},
                                  {"content", QJsonObject{{"users", QJsonObject{{bob, 100}, {eve, 0}}}, {"redact", 50}}}};
    sync({message("$m1", me, "mine"), message("$m2", me, "mine too")}, {powerLevels});
    sync({redaction("$x", eve, "$m1")}); // eve has 0 < 50: ignored
    QVERIFY(!m_model->index(rowOf("$m1"), 0).data(TimelineModel::IsRedactedRole).toBool());
    QCOMPARE(bodyOf("$m1"), QStringLiteral("mine"));
    sync({redaction("$y", bob, "$m2")}); // a moderator may
    QVERIFY(m_model->index(rowOf("$m2"), 0).data(TimelineModel::IsRedactedRole).toBool());
}

void TestTimelineAggregations::ownReactionTogglesThroughTheOutbox()
{
    sync({message("$m", bob, "hi"), reaction("$r1", bob, "$m", "👍")});
    Timeline *timeline = m_room->timeline();
    QJsonObject echo = reaction(QString(), me, "$m", "👍", 5000);
    echo.remove("event_id");
    timeline->addLocalEcho("txn1", Event(echo));
    QCOMPARE(m_model->rowCount(), 1);
    ReactionGroups groups = reactionsOf("$m");
    QCOMPARE(groups.first().senders, QStringList({bob, me}));
    QCOMPARE(groups.first().ownTxnId, QStringLiteral("txn1"));
    timeline->markSent("txn1", "$mine");
    QCOMPARE(reactionsOf("$m").first().ownEventId, QStringLiteral("$mine"));
    // The sync's copy (with our transaction id) replaces the echo: still one reaction of ours.
    QJsonObject copy = reaction("$mine", me, "$m", "👍", 5001);
    copy.insert("unsigned", QJsonObject{{"transaction_id", "txn1"}});
    sync({copy});
    groups = reactionsOf("$m");
    QCOMPARE(groups.first().senders, QStringList({bob, me}));
    // Toggled off: our redaction of it.
    sync({redaction("$x", me, "$mine")});
    QCOMPARE(reactionsOf("$m").first().senders, QStringList{bob});
    // A reaction cancelled before it went out disappears.
    QJsonObject another = reaction(QString(), me, "$m", "🎉", 6000);
    another.remove("event_id");
    timeline->addLocalEcho("txn2", Event(another));
    QCOMPARE(reactionsOf("$m").size(), 2);
    timeline->removeLocalEcho("txn2");
    QCOMPARE(reactionsOf("$m").size(), 1);
}

void TestTimelineAggregations::ownEditAndDeletionEchoes()
{
    sync({message("$m", me, "typo")});
    Timeline *timeline = m_room->timeline();
    QJsonObject editEcho = edit(QString(), me, "$m", "fixed", 7000);
    editEcho.remove("event_id");
    timeline->addLocalEcho("e1", Event(editEcho));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(bodyOf("$m"), QStringLiteral("fixed"));
    timeline->removeLocalEcho("e1"); // given up
    QCOMPARE(bodyOf("$m"), QStringLiteral("typo"));

    QJsonObject deletion = redaction(QString(), me, "$m");
    deletion.remove("event_id");
    timeline->addLocalEcho("d1", Event(deletion));
    QVERIFY(m_model->index(0, 0).data(TimelineModel::IsRedactedRole).toBool()); // shown deleted at once
    timeline->removeLocalEcho("d1"); // refused by the server: the message is back
    QVERIFY(!m_model->index(0, 0).data(TimelineModel::IsRedactedRole).toBool());
    QCOMPARE(bodyOf("$m"), QStringLiteral("typo"));
}

void TestTimelineAggregations::paginationAcrossRelations()
{
    // Newest page first: a reaction and an edit of a message that is only in an older page; then that page.
    sync({message("$3", bob, "three"), reaction("$r", eve, "$1", "👀"), edit("$e", bob, "$1", "one, edited")});
    page({message("$2", bob, "two"), reaction("$r0", bob, "$1", "👀", 1500)}, "older");
    QCOMPARE(bodies(), QStringList({"two", "three"}));
    page({message("$1", bob, "one")}, QString());
    QCOMPARE(bodies(), QStringList({"one, edited", "two", "three"}));
    QCOMPARE(reactionsOf("$1").first().senders, QStringList({bob, eve}));
    // The same relations again (a sync replaying them) change nothing.
    sync({reaction("$r", eve, "$1", "👀")});
    QCOMPARE(reactionsOf("$1").first().senders.size(), 2);
}

void TestTimelineAggregations::encryptedRelationsWaitForDecryption()
{
    sync({message("$m", bob, "hi")});
    // An encrypted reaction whose key has not arrived: its clear m.relates_to says what it is.
    const QJsonObject encrypted{
        {"type", "m.room.encrypted"}, {"event_id", "$enc"}, {"sender", eve}, {"origin_server_ts", 2000},
        {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}, {"ciphertext", "AAAA"}, {"session_id", "s"},
                                {"sender_key", "k"},
                                {"m.relates_to", QJsonObject{{"rel_type", "m.annotation"}, {"event_id", "$m"},
                                                             {"key", "👍"}}}}}};
    sync({encrypted});
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY(reactionsOf("$m").isEmpty());
    const Event decrypted = decryptedEvent(Event(encrypted), "m.reaction",
                                           reaction("$enc", eve, "$m", "👍").value("content").toObject(),
                                           EncryptionStatus{true, true});
    m_room->replaceEvents({decrypted});
    QCOMPARE(reactionsOf("$m").first().senders, QStringList{eve});
}

void TestTimelineAggregations::replyQuotesItsOriginal()
{
    const QJsonObject relatesTo{{"m.relates_to", QJsonObject{{"m.in_reply_to", QJsonObject{{"event_id", "$orig"}}}}}};
    sync({message("$reply", eve, "I agree", 2000, relatesTo)});
    ReplyPreview preview = m_model->index(0, 0).data(TimelineModel::ReplyRole).value<ReplyPreview>();
    QVERIFY(preview.isReply());
    QVERIFY(!preview.loaded);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    page({message("$orig", bob, "Shall we meet at ten?\nSecond line")}, QString());
    QVERIFY(!changed.isEmpty()); // the reply's row was told its original is here
    preview = m_model->index(rowOf("$reply"), 0).data(TimelineModel::ReplyRole).value<ReplyPreview>();
    QVERIFY(preview.loaded);
    QCOMPARE(preview.senderId, bob);
    QCOMPARE(preview.text, QStringLiteral("Shall we meet at ten?"));
    // The original edited: the quote follows.
    sync({edit("$e", bob, "$orig", "Shall we meet at eleven?")});
    preview = m_model->index(rowOf("$reply"), 0).data(TimelineModel::ReplyRole).value<ReplyPreview>();
    QCOMPARE(preview.text, QStringLiteral("Shall we meet at eleven?"));
    // Deleted: the quote says so.
    sync({redaction("$x", bob, "$orig")});
    preview = m_model->index(rowOf("$reply"), 0).data(TimelineModel::ReplyRole).value<ReplyPreview>();
    QCOMPARE(preview.text, QStringLiteral("Message deleted"));
}

void TestTimelineAggregations::rowIndexFollowsInsertions()
{
    QList<QJsonObject> events;
    for (int i = 100; i < 300; ++i)
        events.append(message(QStringLiteral("$%1").arg(i), bob, QString::number(i)));
    sync(events);
    Timeline *timeline = m_room->timeline();
    QCOMPARE(timeline->rowOfEvent("$150"), 50);
    QList<QJsonObject> older;
    for (int i = 99; i >= 0; --i)
        older.append(message(QStringLiteral("$%1").arg(i), bob, QString::number(i)));
    page(older, "more");
    QCOMPARE(timeline->rowOfEvent("$150"), 150);
    QCOMPARE(timeline->rowOfEvent("$0"), 0);
    QCOMPARE(timeline->rowOfEvent("$299"), 299);
    QCOMPARE(timeline->rowOfEvent("$nope"), -1);
    for (int row = 0; row < timeline->size(); ++row)
        QCOMPARE(timeline->rowOfEvent(timeline->at(row).event.eventId()), row);
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestTimelineAggregations)
#include "test_timeline_aggregations.moc"
