// RoomList and Room fed by parsed sync responses: invites, joins, leaves, m.direct, names, unread, activity.
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;

class TestRoomList : public QObject {
    Q_OBJECT
private slots:
    void inviteThenJoin();
    void leaveRemoves();
    void leaveOfUnknownRoomIgnored();
    void directChats();
    void inviteFlaggedDirect();
    void roomDetailsFromDelta();
    void changedOnlyWhenSomethingChanged();
    void timelineStateUpdatesState();
    void messagesPageAddsOnlyUnknownMembers();
};

// moc mis-lexes raw string literals: the bodies stay out of its sight.
#ifndef Q_MOC_RUN

namespace {

const QString me = QStringLiteral("@me:x");

SyncDelta parse(const QByteArray &body)
{
    const SyncParseResult result = parseSyncResponse(body);
    if (!result.ok)
        qFatal("fixture does not parse: %s", qPrintable(result.error));
    return result.delta;
}

const QByteArray kInvite = R"({"next_batch":"1","rooms":{"invite":{"!r:x":{"invite_state":{"events":[
    {"type":"m.room.member","state_key":"@dave:x","sender":"@dave:x","content":{"membership":"join","displayname":"Dave"}},
    {"type":"m.room.member","state_key":"@me:x","sender":"@dave:x","content":{"membership":"invite"}}]}}}}})";

const QByteArray kJoin = R"({"next_batch":"2","rooms":{"join":{"!r:x":{
    "summary":{"m.heroes":["@dave:x"],"m.joined_member_count":2,"m.invited_member_count":0},
    "state":{"events":[{"type":"m.room.member","state_key":"@dave:x","sender":"@dave:x","event_id":"$d",
                        "content":{"membership":"join","displayname":"Dave"}}]},
    "timeline":{"events":[
      {"type":"m.room.member","state_key":"@me:x","sender":"@me:x","event_id":"$j","origin_server_ts":1000,
       "content":{"membership":"join","displayname":"Me"}},
      {"type":"m.room.message","sender":"@dave:x","event_id":"$m1","origin_server_ts":2000,
       "content":{"msgtype":"m.text","body":"welcome"}}],"prev_batch":"pb1","limited":false},
    "unread_notifications":{"notification_count":1,"highlight_count":0}}}}})";

const QByteArray kLeave = R"({"next_batch":"3","rooms":{"leave":{"!r:x":{"timeline":{"events":[
    {"type":"m.room.member","state_key":"@me:x","sender":"@me:x","event_id":"$l","content":{"membership":"leave"}}]}}}}})";

} // namespace

void TestRoomList::inviteThenJoin()
{
    RoomList list(me);
    QSignalSpy aboutToAdd(&list, &RoomList::roomAboutToBeAdded);
    QSignalSpy added(&list, &RoomList::roomAdded);
    QSignalSpy changed(&list, &RoomList::roomChanged);
    list.applySync(parse(kInvite));
    QCOMPARE(list.count(), 1);
    QCOMPARE(aboutToAdd.count(), 1);
    QCOMPARE(aboutToAdd.at(0).at(0).toInt(), 0);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(1).toInt(), 0);
    Room *room = list.room(QStringLiteral("!r:x"));
    QVERIFY(room);
    QCOMPARE(list.at(0), room);
    QCOMPARE(list.indexOf(QStringLiteral("!r:x")), 0);
    QCOMPARE(room->membership(), Membership::Invite);
    QCOMPARE(room->inviterId(), QStringLiteral("@dave:x"));
    QCOMPARE(room->displayName(), QStringLiteral("Dave"));

    list.applySync(parse(kJoin));
    QCOMPARE(list.count(), 1);
    QCOMPARE(added.count(), 1); // same room, now joined
    QCOMPARE(list.room(QStringLiteral("!r:x")), room);
    QCOMPARE(room->membership(), Membership::Join);
    QCOMPARE(room->inviterId(), QString());
    QCOMPARE(room->displayName(), QStringLiteral("Dave"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(1).toInt(), 0);
    QCOMPARE(room->timeline()->size(), 2);
    QCOMPARE(room->timeline()->topToken(), QStringLiteral("pb1"));
}

void TestRoomList::leaveRemoves()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    QPointer<Room> room = list.room(QStringLiteral("!r:x"));
    QSignalSpy aboutToRemove(&list, &RoomList::roomAboutToBeRemoved);
    QSignalSpy removed(&list, &RoomList::roomRemoved);
    list.applySync(parse(kLeave));
    QCOMPARE(list.count(), 0);
    QVERIFY(!list.room(QStringLiteral("!r:x")));
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(aboutToRemove.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("!r:x"));
    QTRY_VERIFY(!room); // deleted later, not under the receivers' feet
}

void TestRoomList::leaveOfUnknownRoomIgnored()
{
    RoomList list(me);
    QSignalSpy removed(&list, &RoomList::roomRemoved);
    list.applySync(parse(kLeave));
    QCOMPARE(list.count(), 0);
    QCOMPARE(removed.count(), 0);
}

void TestRoomList::directChats()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    Room *room = list.room(QStringLiteral("!r:x"));
    QVERIFY(!room->isDirect());
    QSignalSpy directChanged(&list, &RoomList::directChatsChanged);
    QSignalSpy roomChanged(&list, &RoomList::roomChanged);
    list.applySync(parse(R"({"next_batch":"4","account_data":{"events":[
        {"type":"m.direct","content":{"@dave:x":["!r:x","!gone:x"],"@eve:x":"not a list"}}]}})"));
    QCOMPARE(directChanged.count(), 1);
    QVERIFY(room->isDirect());
    QCOMPARE(roomChanged.count(), 1);
    QCOMPARE(list.directChats().value(QStringLiteral("@dave:x")),
             (QStringList{QStringLiteral("!r:x"), QStringLiteral("!gone:x")}));
    QVERIFY(!list.directChats().contains(QStringLiteral("@eve:x")));
    QCOMPARE(list.directRoomWith(QStringLiteral("@dave:x")), QStringLiteral("!r:x"));
    QCOMPARE(list.directRoomWith(QStringLiteral("@eve:x")), QString());

    // The same content again: nothing to report.
    list.applySync(parse(R"({"next_batch":"5","account_data":{"events":[
        {"type":"m.direct","content":{"@dave:x":["!r:x","!gone:x"]}}]}})"));
    QCOMPARE(directChanged.count(), 1);

    // A room that arrives after m.direct named it is direct from the start.
    list.applySync(parse(R"({"next_batch":"6","rooms":{"join":{"!gone:x":{"timeline":{"events":[]}}}}})"));
    QVERIFY(list.room(QStringLiteral("!gone:x"))->isDirect());

    // Removed from m.direct: no longer direct.
    list.applySync(parse(R"({"next_batch":"7","account_data":{"events":[{"type":"m.direct","content":{}}]}})"));
    QVERIFY(!room->isDirect());
    QCOMPARE(list.directRoomWith(QStringLiteral("@dave:x")), QString());
}

void TestRoomList::inviteFlaggedDirect()
{
    RoomList list(me);
    list.applySync(parse(R"({"next_batch":"1","rooms":{"invite":{"!dm:x":{"invite_state":{"events":[
        {"type":"m.room.member","state_key":"@me:x","sender":"@dave:x","content":{"membership":"invite","is_direct":true}}]}}}}})"));
    QVERIFY(list.room(QStringLiteral("!dm:x"))->isDirect());
}

void TestRoomList::roomDetailsFromDelta()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    Room *room = list.room(QStringLiteral("!r:x"));
    QCOMPARE(room->unreadCount(), 1);
    QCOMPARE(room->highlightCount(), 0);
    QCOMPARE(room->lastActivity(), QDateTime::fromMSecsSinceEpoch(2000));
    QCOMPARE(room->lastMessagePreview(), QStringLiteral("Dave: welcome"));
    QCOMPARE(room->memberName(QStringLiteral("@me:x")), QStringLiteral("Me"));
    QVERIFY(!room->isEncrypted());

    list.applySync(parse(R"({"next_batch":"9","rooms":{"join":{"!r:x":{"timeline":{"events":[
        {"type":"m.room.name","state_key":"","sender":"@dave:x","event_id":"$n","origin_server_ts":3000,"content":{"name":"Ops"}},
        {"type":"m.room.topic","state_key":"","sender":"@dave:x","event_id":"$t","origin_server_ts":3500,"content":{"topic":"Daily"}},
        {"type":"m.room.encryption","state_key":"","sender":"@dave:x","event_id":"$e","origin_server_ts":4000,"content":{"algorithm":"m.megolm.v1.aes-sha2"}}]},
        "unread_notifications":{"notification_count":0,"highlight_count":0}}}}})"));
    QCOMPARE(room->displayName(), QStringLiteral("Ops"));
    QCOMPARE(room->topic(), QStringLiteral("Daily"));
    QVERIFY(room->isEncrypted());
    QCOMPARE(room->unreadCount(), 0);
    QCOMPARE(room->lastActivity(), QDateTime::fromMSecsSinceEpoch(4000));
    QCOMPARE(room->lastMessagePreview(), QStringLiteral("Dave enabled end-to-end encryption"));
}

void TestRoomList::changedOnlyWhenSomethingChanged()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    Room *room = list.room(QStringLiteral("!r:x"));
    QSignalSpy changed(room, &Room::changed);
    // Only typing notifications: nothing the room list shows.
    list.applySync(parse(R"({"next_batch":"5","rooms":{"join":{"!r:x":{
        "ephemeral":{"events":[{"type":"m.typing","content":{"user_ids":["@dave:x"]}}]},
        "unread_notifications":{"notification_count":1,"highlight_count":0}}}}})"));
    QCOMPARE(changed.count(), 0);
    list.applySync(parse(R"({"next_batch":"6","rooms":{"join":{"!r:x":{
        "unread_notifications":{"notification_count":4,"highlight_count":2}}}}})"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(room->unreadCount(), 4);
    QCOMPARE(room->highlightCount(), 2);
}

void TestRoomList::timelineStateUpdatesState()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    list.applySync(parse(R"({"next_batch":"7","rooms":{"join":{"!r:x":{"timeline":{"events":[
        {"type":"m.room.member","state_key":"@dave:x","sender":"@dave:x","event_id":"$rename","origin_server_ts":5000,
         "content":{"membership":"join","displayname":"David"}}]}}}}})"));
    Room *room = list.room(QStringLiteral("!r:x"));
    QCOMPARE(room->memberName(QStringLiteral("@dave:x")), QStringLiteral("David"));
    QCOMPARE(room->displayName(), QStringLiteral("David"));
}

void TestRoomList::messagesPageAddsOnlyUnknownMembers()
{
    RoomList list(me);
    list.applySync(parse(kJoin));
    Room *room = list.room(QStringLiteral("!r:x"));
    const auto page = parseMessagesResponse(R"({"start":"pb1","end":"pb0","chunk":[
        {"type":"m.room.message","sender":"@old:x","event_id":"$o1","origin_server_ts":500,"content":{"body":"ancient"}}],
        "state":[
        {"type":"m.room.member","state_key":"@old:x","sender":"@old:x","event_id":"$om","content":{"membership":"join","displayname":"Oldie"}},
        {"type":"m.room.member","state_key":"@dave:x","sender":"@dave:x","event_id":"$od","content":{"membership":"join","displayname":"Dave Before"}}]})");
    QVERIFY(page);
    room->applyMessagesPage(*page);
    QCOMPARE(room->memberName(QStringLiteral("@old:x")), QStringLiteral("Oldie"));
    QCOMPARE(room->memberName(QStringLiteral("@dave:x")), QStringLiteral("Dave")); // newer state kept
    QCOMPARE(room->timeline()->at(0).event.eventId(), QStringLiteral("$o1"));
    QCOMPARE(room->timeline()->topToken(), QStringLiteral("pb0"));
    QCOMPARE(room->lastActivity(), QDateTime::fromMSecsSinceEpoch(2000)); // older events do not count
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestRoomList)
#include "test_room_list.moc"
