// Outbox: local echo first, stable transaction id across retries, Failed on a permanent or exhausted failure.
// The server is a port that refuses connections (the happy path runs against Synapse in integration tests).
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/back_paginator.h"
#include "rooms/local_echo_applier.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"

#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace estafette;

class TestOutbox : public QObject {
    Q_OBJECT
private slots:
    void init();
    void transactionIdsAreUnique();
    void echoThenFailedThenRetrySameTxn();
    void sendToUnknownRoomWaitsThenFailsWhenNotIn();
    void paginatorNoOpsAndFailure();

private:
    QUrl m_refusing;
};

#ifndef Q_MOC_RUN

namespace {

const QString me = QStringLiteral("@me:x");

void joinRoom(RoomList &list, const QString &roomId)
{
    // A room whose state is known (its creation event) and says unencrypted.
    const SyncParseResult result = parseSyncResponse(QStringLiteral(R"({"next_batch":"1","rooms":{"join":{"%1":{
        "state":{"events":[{"type":"m.room.create","state_key":"","sender":"@bob:x","event_id":"$c","content":{}}]},
        "timeline":{"events":[{"type":"m.room.message","sender":"@bob:x","event_id":"$1","content":{"body":"hi"}}],
                    "prev_batch":"top","limited":true}}}}})").arg(roomId).toUtf8());
    QVERIFY(result.ok);
    list.applySync(result.delta);
}

} // namespace

void TestOutbox::init()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_refusing = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
}

void TestOutbox::transactionIdsAreUnique()
{
    QSet<QString> ids;
    for (int i = 0; i < 1000; ++i)
        ids.insert(Outbox::newTransactionId());
    QCOMPARE(ids.size(), 1000);
    QVERIFY(Outbox::newTransactionId().startsWith(QStringLiteral("est")));
}

void TestOutbox::echoThenFailedThenRetrySameTxn()
{
    HttpClient http;
    http.setHomeserver(m_refusing);
    RoomApi api(&http);
    RoomList rooms(me);
    joinRoom(rooms, QStringLiteral("!r:x"));
    Timeline *timeline = rooms.room(QStringLiteral("!r:x"))->timeline();
    Outbox outbox(&api, &rooms, me);
    LocalEchoApplier echoes(&outbox, &rooms);
    outbox.setRetryPolicy(RetryPolicy{2, 50, 100}); // give up quickly for the test
    QSignalSpy failed(&outbox, &Outbox::failed);
    QSignalSpy sent(&outbox, &Outbox::sent);

    const QString txn = outbox.sendText(QStringLiteral("!r:x"), QStringLiteral("bonjour"));
    QCOMPARE(outbox.pendingCount(), 1);
    // The echo is there at once, before any network answer.
    QCOMPARE(timeline->size(), 2);
    const int row = timeline->rowOfTransaction(txn);
    QCOMPARE(row, 1);
    QCOMPARE(timeline->at(row).type, TimelineItem::Type::LocalEcho);
    QCOMPARE(timeline->at(row).sendState, SendState::Sending);
    QCOMPARE(timeline->at(row).event.sender(), me);
    QCOMPARE(RoomMessageView(timeline->at(row).event).body(), QStringLiteral("bonjour"));
    QCOMPARE(RoomMessageView(timeline->at(row).event).msgtype(), QStringLiteral("m.text"));
    QVERIFY(timeline->at(row).event.originServerTs() > 0);

    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(failed.at(0).at(1).toString(), txn);
    QCOMPARE(timeline->at(row).sendState, SendState::Failed);
    QCOMPARE(timeline->at(row).sendError.kind, MatrixError::Kind::Network);
    QCOMPARE(outbox.pendingCount(), 1);

    outbox.retry(txn);
    QCOMPARE(timeline->at(row).sendState, SendState::Sending);
    QCOMPARE(timeline->rowOfTransaction(txn), row); // same echo, same transaction id
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
    QCOMPARE(failed.at(1).at(1).toString(), txn);
    QCOMPARE(timeline->size(), 2);

    outbox.discard(txn);
    QCOMPARE(outbox.pendingCount(), 0);
    QCOMPARE(timeline->rowOfTransaction(txn), -1);
    QCOMPARE(timeline->size(), 1);
    QCOMPARE(sent.count(), 0);
}

void TestOutbox::sendToUnknownRoomWaitsThenFailsWhenNotIn()
{
    HttpClient http;
    http.setHomeserver(m_refusing);
    RoomApi api(&http);
    RoomList rooms(me);
    Outbox outbox(&api, &rooms, me);
    outbox.setRetryPolicy(RetryPolicy::none());
    QSignalSpy failed(&outbox, &Outbox::failed);
    const QString txn = outbox.sendText(QStringLiteral("!nowhere:x"), QStringLiteral("x"));
    // A room we know nothing of: not sent (never in the clear by default), not failed, waiting for a sync.
    QTest::qWait(200);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(outbox.pendingCount(), 1);
    // discard() of a message that is not Failed does nothing; of an unknown id neither.
    outbox.discard(txn);
    outbox.discard(QStringLiteral("nope"));
    QCOMPARE(outbox.pendingCount(), 1);
    // A sync says we are not in that room: it fails.
    const SyncParseResult left = parseSyncResponse(QByteArrayLiteral(R"({"next_batch":"2","rooms":{"leave":{"!nowhere:x":{}}}})"));
    QVERIFY(left.ok);
    rooms.applySync(left.delta);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(2).value<MatrixError>().errcode, QStringLiteral("M_FORBIDDEN"));
}

void TestOutbox::paginatorNoOpsAndFailure()
{
    HttpClient http;
    http.setHomeserver(m_refusing);
    RoomApi api(&http);
    RoomList rooms(me);
    joinRoom(rooms, QStringLiteral("!r:x"));
    Room *room = rooms.room(QStringLiteral("!r:x"));
    BackPaginator paginator(&api);
    QSignalSpy failed(&paginator, &BackPaginator::failed);
    QSignalSpy loaded(&paginator, &BackPaginator::loaded);

    paginator.fillGap(room, 0, 10); // row 0 is an event, not a gap
    QVERIFY(!paginator.isLoading(room->id()));

    paginator.loadOlder(room, 10);
    QVERIFY(paginator.isLoading(room->id()));
    paginator.loadOlder(room, 10); // one request per room at a time
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QVERIFY(!paginator.isLoading(room->id()));
    QCOMPARE(failed.at(0).at(0).toString(), room->id());
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(room->timeline()->size(), 1);

    // At the beginning of the room there is nothing to load.
    room->timeline()->prependPage({}, QString());
    paginator.loadOlder(room, 10);
    QVERIFY(!paginator.isLoading(room->id()));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestOutbox)
#include "test_outbox.moc"
