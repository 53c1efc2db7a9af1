// The outbox's announcements applied to the timelines (LocalEchoApplier): echoes with their send state and upload
// progress, also for a room listed later or listed again, in acceptance order; gone when sent or cancelled. And
// the outbox itself announces, in order, what happens to an entry without touching a timeline.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/local_echo_applier.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "support/fault_http_server.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!r:x");

void syncRoom(RoomList &rooms, const QString &section)
{
    const QByteArray body = QStringLiteral(R"({"next_batch":"1","rooms":{"%1":{"%2":{
        "state":{"events":[{"type":"m.room.create","state_key":"","sender":"@bob:x","event_id":"$c","content":{}}]},
        "timeline":{"events":[{"type":"m.room.message","sender":"@bob:x","event_id":"$1","content":{"body":"hi"}}],
                    "prev_batch":"top"}}}}})").arg(section, kRoom).toUtf8();
    const SyncParseResult parsed = parseSyncResponse(body);
    QVERIFY(parsed.ok);
    rooms.applySync(parsed.delta);
}

OutboxUpdate queued(const QString &txn, const QString &body)
{
    OutboxUpdate u;
    u.kind = OutboxUpdate::Kind::Queued;
    u.roomId = kRoom;
    u.transactionId = txn;
    u.echo = Event(QJsonObject{{"type", "m.room.message"},
                               {"sender", kMe},
                               {"content", QJsonObject{{"msgtype", "m.text"}, {"body", body}}},
                               {"unsigned", QJsonObject{{"transaction_id", txn}}}});
    return u;
}

OutboxUpdate simple(OutboxUpdate::Kind kind, const QString &txn)
{
    OutboxUpdate u;
    u.kind = kind;
    u.roomId = kRoom;
    u.transactionId = txn;
    return u;
}

OutboxUpdate progress(const QString &txn, qint64 done, qint64 total)
{
    OutboxUpdate u = simple(OutboxUpdate::Kind::Progress, txn);
    u.transferred = done;
    u.total = total;
    return u;
}

QStringList echoes(const Timeline *t)
{
    QStringList txns;
    for (int row = 0; row < t->size(); ++row) {
        if (t->at(row).type == TimelineItem::Type::LocalEcho)
            txns << t->at(row).transactionId;
    }
    return txns;
}

} // namespace

class TestOutboxEchoes : public QObject {
    Q_OBJECT
private slots:
    void roomListedLater_showsEchoesInOrderAndState()
    {
        HttpClient http;
        RoomApi api(&http);
        RoomList rooms(kMe);
        Outbox outbox(&api, &rooms, kMe);
        LocalEchoApplier applier(&outbox, &rooms);
        MatrixError forbidden;
        forbidden.kind = MatrixError::Kind::Matrix;
        forbidden.errcode = QStringLiteral("M_FORBIDDEN");
        // Everything happens before the room is listed.
        for (const QString &txn : {QStringLiteral("t3"), QStringLiteral("t1"), QStringLiteral("t2")})
            applier.apply(queued(txn, txn));
        OutboxUpdate failed = simple(OutboxUpdate::Kind::Failed, QStringLiteral("t1"));
        failed.error = forbidden;
        applier.apply(failed);
        applier.apply(progress(QStringLiteral("t2"), 10, 100));
        applier.apply(simple(OutboxUpdate::Kind::Cancelled, QStringLiteral("t3")));
        QCOMPARE(applier.trackedCount(), 2);

        syncRoom(rooms, QStringLiteral("join"));
        const Timeline *t = rooms.room(kRoom)->timeline();
        QCOMPARE(echoes(t), (QStringList{"t1", "t2"})); // acceptance order, the cancelled one not shown
        const TimelineItem &first = t->at(t->rowOfTransaction(QStringLiteral("t1")));
        QCOMPARE(first.sendState, SendState::Failed);
        QCOMPARE(first.sendError.errcode, QStringLiteral("M_FORBIDDEN"));
        const TimelineItem &second = t->at(t->rowOfTransaction(QStringLiteral("t2")));
        QCOMPARE(second.sendState, SendState::Sending);
        QCOMPARE(second.transferredBytes, 10);
        QCOMPARE(second.transferTotalBytes, 100);

        // Retry, then sent: the echo learns its event id, progress cleared, the applier forgets it.
        applier.apply(simple(OutboxUpdate::Kind::Sending, QStringLiteral("t1")));
        QCOMPARE(t->at(t->rowOfTransaction(QStringLiteral("t1"))).sendState, SendState::Sending);
        QSignalSpy changed(t, &Timeline::itemChanged);
        applier.apply(progress(QStringLiteral("t2"), 100, 100));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toInt(), t->rowOfTransaction(QStringLiteral("t2")));
        applier.apply(progress(QStringLiteral("t2"), 100, 100)); // no change, no signal
        QCOMPARE(changed.size(), 1);
        OutboxUpdate sent = simple(OutboxUpdate::Kind::Sent, QStringLiteral("t2"));
        sent.eventId = QStringLiteral("$t2");
        applier.apply(sent);
        const TimelineItem &done = t->at(t->rowOfTransaction(QStringLiteral("t2")));
        QCOMPARE(done.sendState, SendState::Sent);
        QCOMPARE(done.event.eventId(), QStringLiteral("$t2"));
        QCOMPARE(done.transferTotalBytes, 0);
        QCOMPARE(applier.trackedCount(), 1);

        // Left, then joined again (a new Room): the entry still in the outbox is shown again, Sending.
        syncRoom(rooms, QStringLiteral("leave"));
        QVERIFY(!rooms.room(kRoom));
        syncRoom(rooms, QStringLiteral("join"));
        QCOMPARE(echoes(rooms.room(kRoom)->timeline()), QStringList{"t1"});

        // Cancelled: the echo goes away. Updates for unknown entries change nothing.
        applier.apply(simple(OutboxUpdate::Kind::Cancelled, QStringLiteral("t1")));
        QCOMPARE(echoes(rooms.room(kRoom)->timeline()), QStringList{});
        applier.apply(progress(QStringLiteral("nope"), 1, 2));
        applier.apply(simple(OutboxUpdate::Kind::Failed, QStringLiteral("nope")));
        QCOMPARE(rooms.room(kRoom)->timeline()->size(), 1);
        QCOMPARE(applier.trackedCount(), 0);
    }

    void progressIgnoredOnceTheServerEventReplacedTheEcho()
    {
        Timeline t;
        t.addLocalEcho(QStringLiteral("t"), queued(QStringLiteral("t"), QStringLiteral("x")).echo);
        t.setTransferProgress(QStringLiteral("t"), 5, 10);
        QCOMPARE(t.at(0).transferredBytes, 5);
        QJsonObject server = t.at(0).event.json();
        server.insert(QStringLiteral("event_id"), QStringLiteral("$x"));
        t.appendFromSync({Event(server)}, false, QStringLiteral("p"));
        QCOMPARE(t.at(0).type, TimelineItem::Type::Event);
        QCOMPARE(t.at(0).transferTotalBytes, 0);
        QSignalSpy changed(&t, &Timeline::itemChanged);
        t.setTransferProgress(QStringLiteral("t"), 6, 10);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(t.at(0).transferTotalBytes, 0);
    }

    void outboxAnnouncesQueuedAcceptedSent()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::json(200, {{"event_id", "$sent"}}));
        HttpClient http;
        http.setHomeserver(server.url());
        RoomApi api(&http);
        RoomList rooms(kMe);
        syncRoom(rooms, QStringLiteral("join"));
        Outbox outbox(&api, &rooms, kMe); // no applier: the outbox alone never shows anything
        QSignalSpy updates(&outbox, &Outbox::updated);
        const QString txn = outbox.sendText(kRoom, QStringLiteral("bonjour"));
        QTRY_COMPARE(updates.size(), 3);
        QCOMPARE(rooms.room(kRoom)->timeline()->rowOfTransaction(txn), -1);
        QList<OutboxUpdate::Kind> kinds;
        for (const auto &args : updates)
            kinds << args.first().value<OutboxUpdate>().kind;
        QCOMPARE(kinds, (QList<OutboxUpdate::Kind>{OutboxUpdate::Kind::Queued, OutboxUpdate::Kind::Accepted,
                                                   OutboxUpdate::Kind::Sent}));
        const OutboxUpdate first = updates.first().first().value<OutboxUpdate>();
        QCOMPARE(first.transactionId, txn);
        QCOMPARE(first.roomId, kRoom);
        QCOMPARE(first.echo.sender(), kMe);
        QCOMPARE(first.echo.transactionId(), txn);
        QCOMPARE(first.echo.content().value("body").toString(), QStringLiteral("bonjour"));
        QCOMPARE(updates.last().first().value<OutboxUpdate>().eventId, QStringLiteral("$sent"));
    }
};

QTEST_GUILESS_MAIN(TestOutboxEchoes)
#include "test_outbox_echoes.moc"
