// parseSyncResponse / parseMessagesResponse: a full response, limited timelines, malformed pieces skipped
// and counted, bodies that are not sync responses rejected.
#include "sync/sync_delta.h"

#include <QTest>

using namespace estafette;

class TestSyncParser : public QObject {
    Q_OBJECT
private slots:
    void fullResponse();
    void limitedTimelineWithPrevBatch();
    void malformedEventsSkippedAndCounted();
    void malformedRoomsSkipped();
    void rejectsNonJson_data();
    void rejectsNonJson();
    void rejectsMissingNextBatch_data();
    void rejectsMissingNextBatch();
    void emptyResponseIsFine();
    void messagesPage();
    void messagesRejectsGarbage();
};

// moc mis-lexes raw string literals: the bodies stay out of its sight.
#ifndef Q_MOC_RUN

namespace {

const QByteArray kFullSync = R"({
  "next_batch": "s72595_4483_1934",
  "account_data": {"events": [
    {"type": "m.direct", "content": {"@bob:x": ["!dm:x"]}}
  ]},
  "to_device": {"events": [
    {"type": "m.room_key_request", "sender": "@bob:x", "content": {"action": "request"}}
  ]},
  "rooms": {
    "join": {
      "!room:x": {
        "summary": {"m.heroes": ["@bob:x", "@carol:x"], "m.joined_member_count": 3, "m.invited_member_count": 1},
        "state": {"events": [
          {"type": "m.room.member", "state_key": "@bob:x", "sender": "@bob:x", "event_id": "$s1",
           "origin_server_ts": 1, "content": {"membership": "join", "displayname": "Bob"}}
        ]},
        "timeline": {"events": [
          {"type": "m.room.name", "state_key": "", "sender": "@alice:x", "event_id": "$t1",
           "origin_server_ts": 10, "content": {"name": "Ops"}},
          {"type": "m.room.message", "sender": "@bob:x", "event_id": "$t2", "origin_server_ts": 20,
           "content": {"msgtype": "m.text", "body": "hi"}, "unsigned": {"transaction_id": "t-1"}}
        ], "limited": false, "prev_batch": "p1"},
        "ephemeral": {"events": [{"type": "m.typing", "content": {"user_ids": ["@bob:x"]}}]},
        "account_data": {"events": [{"type": "m.fully_read", "content": {"event_id": "$t2"}}]},
        "unread_notifications": {"notification_count": 2, "highlight_count": 1}
      }
    },
    "invite": {
      "!inv:x": {"invite_state": {"events": [
        {"type": "m.room.name", "state_key": "", "sender": "@dave:x", "content": {"name": "Secret"}},
        {"type": "m.room.member", "state_key": "@alice:x", "sender": "@dave:x",
         "content": {"membership": "invite", "is_direct": true}}
      ]}}
    },
    "leave": {
      "!old:x": {"timeline": {"events": [
        {"type": "m.room.member", "state_key": "@alice:x", "sender": "@alice:x", "event_id": "$l1",
         "origin_server_ts": 5, "content": {"membership": "leave"}}
      ]}}
    }
  }
})";

const RoomDelta *findRoom(const SyncDelta &delta, const QString &id)
{
    for (const RoomDelta &room : delta.rooms) {
        if (room.roomId == id)
            return &room;
    }
    return nullptr;
}

} // namespace

void TestSyncParser::fullResponse()
{
    const SyncParseResult result = parseSyncResponse(kFullSync);
    QVERIFY2(result.ok, qPrintable(result.error));
    const SyncDelta &d = result.delta;
    QCOMPARE(d.nextBatch, QStringLiteral("s72595_4483_1934"));
    QCOMPARE(d.skippedMalformed, 0);
    QCOMPARE(d.rooms.size(), 3);
    QCOMPARE(d.accountData.size(), 1);
    QCOMPARE(d.accountData.at(0).type(), QStringLiteral("m.direct"));
    QCOMPARE(d.toDevice.size(), 1);

    const RoomDelta *joined = findRoom(d, QStringLiteral("!room:x"));
    QVERIFY(joined);
    QCOMPARE(joined->membership, Membership::Join);
    QCOMPARE(joined->state.size(), 1);
    QCOMPARE(joined->state.at(0).stateKey(), QStringLiteral("@bob:x"));
    QCOMPARE(joined->timeline.size(), 2);
    QCOMPARE(joined->timeline.at(0).eventId(), QStringLiteral("$t1"));
    QCOMPARE(joined->timeline.at(1).eventId(), QStringLiteral("$t2"));
    QCOMPARE(joined->timeline.at(1).transactionId(), QStringLiteral("t-1"));
    QVERIFY(!joined->limited);
    QCOMPARE(joined->prevBatch, QStringLiteral("p1"));
    QVERIFY(joined->hasSummary);
    QCOMPARE(joined->heroes, (QStringList{QStringLiteral("@bob:x"), QStringLiteral("@carol:x")}));
    QCOMPARE(joined->joinedCount, 3);
    QCOMPARE(joined->invitedCount, 1);
    QCOMPARE(joined->notificationCount, 2);
    QCOMPARE(joined->highlightCount, 1);
    QCOMPARE(joined->ephemeral.size(), 1);
    QCOMPARE(joined->accountData.size(), 1);

    const RoomDelta *invited = findRoom(d, QStringLiteral("!inv:x"));
    QVERIFY(invited);
    QCOMPARE(invited->membership, Membership::Invite);
    QCOMPARE(invited->state.size(), 2); // stripped state: no event ids needed
    QVERIFY(invited->timeline.isEmpty());
    QCOMPARE(invited->notificationCount, -1);
    QCOMPARE(invited->joinedCount, -1);

    const RoomDelta *left = findRoom(d, QStringLiteral("!old:x"));
    QVERIFY(left);
    QCOMPARE(left->membership, Membership::Leave);
    QCOMPARE(left->timeline.size(), 1);
}

void TestSyncParser::limitedTimelineWithPrevBatch()
{
    const SyncParseResult result = parseSyncResponse(R"({"next_batch":"n2","rooms":{"join":{"!r:x":{
        "timeline":{"limited":true,"prev_batch":"t-before","events":[
          {"type":"m.room.message","sender":"@a:x","event_id":"$e9","content":{"body":"late"}}]}}}}})");
    QVERIFY(result.ok);
    QCOMPARE(result.delta.rooms.size(), 1);
    const RoomDelta &room = result.delta.rooms.at(0);
    QVERIFY(room.limited);
    QCOMPARE(room.prevBatch, QStringLiteral("t-before"));
    QVERIFY(!room.hasSummary);
    QVERIFY(room.heroes.isEmpty());
    QCOMPARE(room.joinedCount, -1);
    QCOMPARE(room.notificationCount, -1);
}

void TestSyncParser::malformedEventsSkippedAndCounted()
{
    const SyncParseResult result = parseSyncResponse(R"({"next_batch":"n3","rooms":{"join":{"!r:x":{
        "state":{"events":[42, {"type":"m.room.member","state_key":"@a:x","sender":"@a:x"},
                           {"type":"m.room.topic","state_key":"","sender":"@a:x","event_id":"$ok","content":{"topic":"t"}}]},
        "timeline":{"events":[
          {"type":"m.room.message","sender":"@a:x","event_id":"$1","content":{"body":"one"}},
          "not an event",
          {"sender":"@a:x","event_id":"$2","content":{}},
          {"type":7,"sender":"@a:x","event_id":"$3"},
          {"type":"m.room.message","event_id":"$4","content":{}},
          null,
          {"type":"m.room.message","sender":"@a:x","event_id":"$5","content":null}
        ]}}}},
        "account_data":{"events":[[1,2], {"type":"m.direct","content":{}}]},
        "to_device":{"events":"garbage"}})");
    QVERIFY(result.ok);
    const SyncDelta &d = result.delta;
    // state: 42 and the member without event_id; timeline: 5 bad; account data: 1; to_device block: 1.
    QCOMPARE(d.skippedMalformed, 2 + 5 + 1 + 1);
    const RoomDelta &room = d.rooms.at(0);
    QCOMPARE(room.state.size(), 1);
    QCOMPARE(room.state.at(0).eventId(), QStringLiteral("$ok"));
    QCOMPARE(room.timeline.size(), 2);
    QCOMPARE(room.timeline.at(0).eventId(), QStringLiteral("$1"));
    QCOMPARE(room.timeline.at(1).eventId(), QStringLiteral("$5"));
    QVERIFY(room.timeline.at(1).content().isEmpty());
    QCOMPARE(d.accountData.size(), 1);
    QVERIFY(d.toDevice.isEmpty());
}

void TestSyncParser::malformedRoomsSkipped()
{
    const SyncParseResult result = parseSyncResponse(R"({"next_batch":"n4","rooms":{
        "join":{"!bad:x":[1,2], "!good:x":{"timeline":{"events":[]}}, "!alsobad:x":"x"},
        "invite":"nonsense",
        "leave":{"!l:x":{"timeline":"nope","state":{"events":{"not":"an array"}}}}}})");
    QVERIFY(result.ok);
    QCOMPARE(result.delta.rooms.size(), 2);
    QVERIFY(findRoom(result.delta, QStringLiteral("!good:x")));
    QVERIFY(findRoom(result.delta, QStringLiteral("!l:x")));
    QVERIFY(result.delta.skippedMalformed >= 3);
}

void TestSyncParser::rejectsNonJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>");
    QTest::newRow("truncated") << QByteArray(R"({"next_batch":"x","rooms":{)");
    QTest::newRow("array") << QByteArray(R"([{"next_batch":"x"}])");
    QTest::newRow("string") << QByteArray(R"("next_batch")");
}

void TestSyncParser::rejectsNonJson()
{
    QFETCH(QByteArray, body);
    const SyncParseResult result = parseSyncResponse(body);
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
}

void TestSyncParser::rejectsMissingNextBatch_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("absent") << QByteArray(R"({"rooms":{}})");
    QTest::newRow("number") << QByteArray(R"({"next_batch":12})");
    QTest::newRow("empty") << QByteArray(R"({"next_batch":""})");
}

void TestSyncParser::rejectsMissingNextBatch()
{
    QFETCH(QByteArray, body);
    const SyncParseResult result = parseSyncResponse(body);
    QVERIFY(!result.ok);
    QVERIFY(result.error.contains(QStringLiteral("next_batch")));
}

void TestSyncParser::emptyResponseIsFine()
{
    const SyncParseResult result = parseSyncResponse(R"({"next_batch":"n5"})");
    QVERIFY(result.ok);
    QVERIFY(result.delta.rooms.isEmpty());
    QCOMPARE(result.delta.skippedMalformed, 0);
}

void TestSyncParser::messagesPage()
{
    const auto page = parseMessagesResponse(R"({"start":"s1","end":"s2","chunk":[
        {"type":"m.room.message","sender":"@a:x","event_id":"$3","content":{"body":"3"}},
        {"type":"m.room.message","sender":"@a:x","event_id":"$2","content":{"body":"2"}},
        {"type":"m.room.message","event_id":"$bad"}],
        "state":[{"type":"m.room.member","state_key":"@a:x","sender":"@a:x","event_id":"$m","content":{"membership":"join"}}]})");
    QVERIFY(page);
    QCOMPARE(page->chunk.size(), 2);
    QCOMPARE(page->chunk.at(0).eventId(), QStringLiteral("$3"));
    QCOMPARE(page->state.size(), 1);
    QCOMPARE(page->start, QStringLiteral("s1"));
    QCOMPARE(page->end, QStringLiteral("s2"));
    QCOMPARE(page->skippedMalformed, 1);

    const auto last = parseMessagesResponse(R"({"start":"s9","chunk":[]})");
    QVERIFY(last);
    QVERIFY(last->end.isEmpty());
}

void TestSyncParser::messagesRejectsGarbage()
{
    QVERIFY(!parseMessagesResponse("nope"));
    QVERIFY(!parseMessagesResponse("[]"));
    QVERIFY(!parseMessagesResponse(R"({"start":"x"})"));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestSyncParser)
#include "test_sync_parser.moc"
