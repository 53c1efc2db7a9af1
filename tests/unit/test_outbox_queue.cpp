// Outbox rules of the durable queue: nothing goes on the wire before the journal committed it; one message in
// flight per room, in acceptance order; a permanent failure is recorded in the journal and the next message
// goes on; restored entries are sent in their order and failed ones wait for retry/delete.
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
const QString kRoom = QStringLiteral("!room:x");

// Records calls; commits only when the test says so.
class ManualJournal : public OutboxJournal {
public:
    QList<OutboxEntry> inserted;
    QList<std::function<void(bool)>> waiting;
    QStringList removed;
    QStringList failedIds;
    void insert(const OutboxEntry &entry, std::function<void(bool)> done) override
    {
        inserted << entry;
        waiting << std::move(done);
    }
    void setFailed(const QString &txn, bool failed, const QString &) override
    {
        if (failed)
            failedIds << txn;
    }
    void remove(const QString &txn, std::function<void(bool)> done) override
    {
        removed << txn;
        if (done)
            done(true);
    }
    void recordUploads(const QString &, const QString &, const QString &, bool, std::function<void(bool)> done) override
    {
        done(true);
    }
    QList<QPair<QString, QJsonObject>> resolved;
    void resolve(const QString &txn, const QJsonObject &content, std::function<void(bool)> done) override
    {
        resolved.append({txn, content});
        if (done)
            done(true);
    }
    void commitAll()
    {
        const auto callbacks = std::exchange(waiting, {});
        for (const auto &done : callbacks)
            done(true);
    }
};

void joinRoom(RoomList &rooms)
{
    // A room whose state is known (its creation event) and says unencrypted.
    const QByteArray body = QByteArrayLiteral("{\"next_batch\":\"1\",\"rooms\":{\"join\":{\"!room:x\":{"
                                              "\"state\":{\"events\":[{\"type\":\"m.room.create\",\"state_key\":\"\","
                                              "\"sender\":\"@bob:x\",\"event_id\":\"$c\",\"content\":{}}]},\"timeline\":"
                                              "{\"events\":[],\"prev_batch\":\"t\"}}}}}");
    const SyncParseResult parsed = parseSyncResponse(body);
    QVERIFY(parsed.ok);
    rooms.applySync(parsed.delta);
}

QByteArray txnOf(const RecordedRequest &request)
{
    return request.path().mid(request.path().lastIndexOf('/') + 1);
}

QJsonObject ok(const QString &eventId)
{
    return QJsonObject{{QStringLiteral("event_id"), eventId}};
}
} // namespace

class TestOutboxQueue : public QObject {
    Q_OBJECT
    FaultHttpServer *m_server = nullptr;
    HttpClient *m_http = nullptr;
    RoomApi *m_api = nullptr;
    RoomList *m_rooms = nullptr;

private slots:
    void init()
    {
        m_server = new FaultHttpServer(this);
        QVERIFY(m_server->listen());
        m_http = new HttpClient(this);
        m_http->setHomeserver(m_server->url());
        m_http->setAccessToken(QStringLiteral("token"));
        m_api = new RoomApi(m_http);
        m_rooms = new RoomList(kMe, this);
        joinRoom(*m_rooms);
    }
    void cleanup()
    {
        delete m_api;
        delete m_rooms;
        delete m_http;
        delete m_server;
    }

    void nothingIsSentBeforeTheJournalCommitted()
    {
        ManualJournal journal;
        Outbox outbox(m_api, m_rooms, kMe);
        LocalEchoApplier echoes(&outbox, m_rooms);
        outbox.setJournal(&journal);
        QSignalSpy accepted(&outbox, &Outbox::accepted);
        m_server->setDefaultResponse(CannedResponse::json(200, ok(QStringLiteral("$e"))));
        const QString txn = outbox.sendText(kRoom, QStringLiteral("bonjour"));
        // The echo is on screen at once, but neither accepted nor on the wire.
        QVERIFY(m_rooms->room(kRoom)->timeline()->rowOfTransaction(txn) >= 0);
        QTest::qWait(200);
        QCOMPARE(m_server->requestCount(), 0);
        QCOMPARE(accepted.size(), 0);
        QCOMPARE(journal.inserted.size(), 1);
        QCOMPARE(journal.inserted.first().transactionId, txn);
        QCOMPARE(journal.inserted.first().content.value(QStringLiteral("body")).toString(), QStringLiteral("bonjour"));

        journal.commitAll();
        QCOMPARE(accepted.size(), 1);
        QVERIFY(m_server->waitForRequests(1));
        QCOMPARE(txnOf(m_server->requests().first()), txn.toUtf8());
        QTRY_COMPARE(journal.removed, QStringList{txn}); // confirmed by the server: out of the journal
    }

    void oneInFlightPerRoomInAcceptanceOrder()
    {
        ManualJournal journal;
        Outbox outbox(m_api, m_rooms, kMe);
        LocalEchoApplier echoes(&outbox, m_rooms);
        outbox.setJournal(&journal);
        // The first message meets a 429, the others must wait for it rather than overtake it.
        m_server->enqueue(CannedResponse::matrixError(429, QStringLiteral("M_LIMIT_EXCEEDED"),
                                                      {{QStringLiteral("retry_after_ms"), 300}}));
        m_server->setDefaultResponse(CannedResponse::json(200, ok(QStringLiteral("$e"))));
        QStringList txns;
        for (int i = 0; i < 3; ++i)
            txns << outbox.sendText(kRoom, QStringLiteral("m%1").arg(i));
        journal.commitAll();
        QVERIFY(m_server->waitForRequests(4, 10000));
        QList<QByteArray> order;
        for (const auto &r : m_server->requests())
            order << txnOf(r);
        QCOMPARE(order, (QList<QByteArray>{txns[0].toUtf8(), txns[0].toUtf8(), txns[1].toUtf8(), txns[2].toUtf8()}));
    }

    void permanentFailureIsJournaledAndTheQueueMovesOn()
    {
        ManualJournal journal;
        Outbox outbox(m_api, m_rooms, kMe);
        LocalEchoApplier echoes(&outbox, m_rooms);
        outbox.setJournal(&journal);
        QSignalSpy failed(&outbox, &Outbox::failed);
        m_server->enqueue(CannedResponse::matrixError(403, QStringLiteral("M_FORBIDDEN")));
        m_server->setDefaultResponse(CannedResponse::json(200, ok(QStringLiteral("$e"))));
        const QString first = outbox.sendText(kRoom, QStringLiteral("refusé"));
        const QString second = outbox.sendText(kRoom, QStringLiteral("accepté"));
        journal.commitAll();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(journal.failedIds, QStringList{first});
        QTRY_COMPARE(journal.removed, QStringList{second});
        const Timeline *timeline = m_rooms->room(kRoom)->timeline();
        QCOMPARE(timeline->at(timeline->rowOfTransaction(first)).sendState, SendState::Failed);
        // Delete: gone from the timeline and the journal.
        outbox.discard(first);
        QCOMPARE(timeline->rowOfTransaction(first), -1);
        QCOMPARE(journal.removed, (QStringList{second, first}));
    }

    void restoredEntriesAreSentInOrderAndFailedOnesWait()
    {
        ManualJournal journal;
        Outbox outbox(m_api, m_rooms, kMe);
        LocalEchoApplier echoes(&outbox, m_rooms);
        outbox.setJournal(&journal);
        m_server->setDefaultResponse(CannedResponse::json(200, ok(QStringLiteral("$e"))));
        QList<OutboxEntry> stored;
        for (int i = 0; i < 3; ++i) {
            OutboxEntry e;
            e.transactionId = QStringLiteral("stored%1").arg(i);
            e.roomId = kRoom;
            e.eventType = QStringLiteral("m.room.message");
            e.content = {{QStringLiteral("msgtype"), QStringLiteral("m.text")}, {QStringLiteral("body"), QString::number(i)}};
            e.acceptedAtMs = 1000 + i;
            e.failed = i == 1;
            e.failureReason = i == 1 ? QStringLiteral("M_FORBIDDEN") : QString();
            stored << e;
        }
        outbox.restore(stored);
        const Timeline *timeline = m_rooms->room(kRoom)->timeline();
        for (const auto &e : stored)
            QVERIFY(timeline->rowOfTransaction(e.transactionId) >= 0);
        QCOMPARE(timeline->at(timeline->rowOfTransaction(QStringLiteral("stored1"))).sendState, SendState::Failed);
        QVERIFY(m_server->waitForRequests(2));
        QTest::qWait(200);
        QCOMPARE(m_server->requestCount(), 2);
        QCOMPARE(txnOf(m_server->requests().at(0)), QByteArray("stored0"));
        QCOMPARE(txnOf(m_server->requests().at(1)), QByteArray("stored2"));
        QVERIFY(journal.inserted.isEmpty()); // already in the store: not written again

        outbox.retry(QStringLiteral("stored1"));
        QVERIFY(m_server->waitForRequests(3));
        QCOMPARE(txnOf(m_server->requests().at(2)), QByteArray("stored1"));
    }
};

QTEST_GUILESS_MAIN(TestOutboxQueue)
#include "test_outbox_queue.moc"
