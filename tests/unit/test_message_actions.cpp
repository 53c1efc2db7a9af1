// Reactions, edits, replies and deletions through MessageActions and the outbox, against a scripted server:
// the events on the wire, taking a reaction back, and what relates to a message still in the outbox waiting for
// its event id (or going with it when it is cancelled).
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/local_echo_applier.h"
#include "rooms/message_actions.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "support/fault_http_server.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {
const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!room:x");

// Commits at once, records the resolutions of dependent entries.
class Journal : public OutboxJournal {
public:
    QList<OutboxEntry> inserted;
    QStringList removed;
    QList<QPair<QString, QJsonObject>> resolved;
    void insert(const OutboxEntry &entry, std::function<void(bool)> done) override
    {
        inserted << entry;
        done(true);
    }
    void setFailed(const QString &, bool, const QString &) override {}
    void remove(const QString &txn, std::function<void(bool)> done) override
    {
        removed << txn;
        if (done)
            done(true);
    }
    void resolve(const QString &txn, const QJsonObject &content, std::function<void(bool)> done) override
    {
        resolved.append({txn, content});
        if (done)
            done(true);
    }
    void recordUploads(const QString &, const QString &, const QString &, bool, std::function<void(bool)> done) override
    {
        done(true);
    }
};

QJsonObject bodyOf(const RecordedRequest &request)
{
    return QJsonDocument::fromJson(request.body).object();
}

} // namespace

class TestMessageActions : public QObject {
    Q_OBJECT
    FaultHttpServer *m_server = nullptr;
    HttpClient *m_http = nullptr;
    RoomApi *m_api = nullptr;
    RoomList *m_rooms = nullptr;
    Journal *m_journal = nullptr;
    Outbox *m_outbox = nullptr;
    LocalEchoApplier *m_echoes = nullptr;
    MessageActions *m_actions = nullptr;

    void syncRoom(const QByteArray &timelineEvents)
    {
        const QByteArray body = "{\"next_batch\":\"1\",\"rooms\":{\"join\":{\"!room:x\":{\"state\":{\"events\":["
                                "{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"@bob:x\",\"event_id\":\"$c\","
                                "\"content\":{}}]},\"timeline\":{\"events\":["
            + timelineEvents + "],\"prev_batch\":\"t\"}}}}}";
        const SyncParseResult parsed = parseSyncResponse(body);
        QVERIFY(parsed.ok);
        m_rooms->applySync(parsed.delta);
    }
    Timeline *timeline() const { return m_rooms->room(kRoom)->timeline(); }

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
        m_journal = new Journal;
        m_outbox = new Outbox(m_api, m_rooms, kMe);
        m_echoes = new LocalEchoApplier(m_outbox, m_rooms);
        m_outbox->setJournal(m_journal);
        m_outbox->setRetryPolicy(RetryPolicy{0, 10, 10});
        m_actions = new MessageActions(m_outbox, m_rooms, kMe);
        syncRoom(R"({"type":"m.room.message","sender":"@bob:x","event_id":"$m","origin_server_ts":1,
                     "content":{"msgtype":"m.text","body":"Réunion à 10 h ?"}})");
    }
    void cleanup()
    {
        delete m_actions;
        delete m_echoes;
        delete m_outbox;
        delete m_journal;
        delete m_api;
        delete m_rooms;
        delete m_http;
        delete m_server;
    }

    void reactionOnTheWireAndTakenBack()
    {
        m_server->enqueue(CannedResponse::json(200, {{"event_id", "$r"}}));
        const QString txn = m_actions->toggleReaction(kRoom, {"$m", {}}, QStringLiteral("👍"));
        QVERIFY(!txn.isEmpty());
        // Shown at once on the message, not as a row.
        QCOMPARE(timeline()->size(), 1);
        QCOMPARE(timeline()->aggregations().reactions("$m").first().senders, QStringList{kMe});
        QVERIFY(m_server->waitForRequests(1));
        const RecordedRequest put = m_server->requests().first();
        QCOMPARE(put.method, QByteArray("PUT"));
        QVERIFY(put.path().contains("/send/m.reaction/" + txn.toUtf8()));
        QCOMPARE(bodyOf(put).value("m.relates_to").toObject(),
                 QJsonObject({{"rel_type", "m.annotation"}, {"event_id", "$m"}, {"key", "👍"}}));
        QTRY_COMPARE(timeline()->aggregations().reactions("$m").first().ownEventId, QStringLiteral("$r"));

        // Clicked again: our reaction is redacted.
        m_server->enqueue(CannedResponse::json(200, {{"event_id", "$x"}}));
        const QString undo = m_actions->toggleReaction(kRoom, {"$m", {}}, QStringLiteral("👍"));
        QVERIFY(!undo.isEmpty());
        QVERIFY(m_server->waitForRequests(2));
        const RecordedRequest redact = m_server->requests().at(1);
        QCOMPARE(redact.method, QByteArray("PUT"));
        QVERIFY(redact.path().contains("/redact/%24r/" + undo.toUtf8()));
    }

    void editAndReplyContent()
    {
        syncRoom(R"({"type":"m.room.message","sender":"@me:x","event_id":"$mine","origin_server_ts":2,
                     "content":{"msgtype":"m.text","body":"typo"}})");
        QVERIFY(m_actions->canEdit(kRoom, timeline()->at(timeline()->rowOfEvent("$mine"))));
        QVERIFY(!m_actions->canEdit(kRoom, timeline()->at(timeline()->rowOfEvent("$m")))); // bob's
        m_server->setDefaultResponse(CannedResponse::json(200, {{"event_id", "$e"}}));
        const QJsonObject newContent{{"msgtype", "m.text"}, {"body", "fixed"}, {"format", "org.matrix.custom.html"},
                                     {"formatted_body", "<b>fixed</b>"}};
        m_actions->edit(kRoom, {"$mine", {}}, newContent);
        QVERIFY(m_server->waitForRequests(1));
        const QJsonObject edit = bodyOf(m_server->requests().first());
        QCOMPARE(edit.value("body").toString(), QStringLiteral("* fixed"));
        QCOMPARE(edit.value("formatted_body").toString(), QStringLiteral("* <b>fixed</b>"));
        QCOMPARE(edit.value("m.new_content").toObject(), newContent);
        QCOMPARE(edit.value("m.relates_to").toObject(), QJsonObject({{"rel_type", "m.replace"}, {"event_id", "$mine"}}));
        QCOMPARE(edit.value("m.mentions").toObject(), QJsonObject());

        m_actions->reply(kRoom, {"$m", {}}, QJsonObject{{"msgtype", "m.text"}, {"body", "Oui"}});
        QVERIFY(m_server->waitForRequests(2));
        const QJsonObject reply = bodyOf(m_server->requests().at(1));
        QCOMPARE(reply.value("body").toString(), QStringLiteral("Oui")); // no fallback quote
        QCOMPARE(reply.value("m.relates_to").toObject(),
                 QJsonObject({{"m.in_reply_to", QJsonObject{{"event_id", "$m"}}}}));
    }

    void relationsOfAPendingMessageWaitForItsEventId()
    {
        // The message is refused for now (rate limited): its reaction and edit must not overtake it.
        m_server->enqueue(CannedResponse::matrixError(429, "M_LIMIT_EXCEEDED", {{"retry_after_ms", 300}}));
        m_server->setDefaultResponse(CannedResponse::json(200, {{"event_id", "$new"}}));
        const QString message = m_outbox->sendText(kRoom, QStringLiteral("brouillon"));
        const MessageActions::Target pending{{}, message};
        const QString reaction = m_actions->toggleReaction(kRoom, pending, QStringLiteral("🎉"));
        QVERIFY(!reaction.isEmpty());
        QCOMPARE(m_journal->inserted.last().dependsOn, message);
        // Shown on the echo already.
        QCOMPARE(timeline()->aggregations().reactions(pendingEventRef(message)).size(), 1);
        QVERIFY(m_server->waitForRequests(3));
        const QList<RecordedRequest> requests = m_server->requests();
        QVERIFY(requests.at(0).path().contains("/send/m.room.message/" + message.toUtf8()));
        QVERIFY(requests.at(1).path().contains("/send/m.room.message/" + message.toUtf8()));
        QVERIFY(requests.at(2).path().contains("/send/m.reaction/" + reaction.toUtf8()));
        QCOMPARE(bodyOf(requests.at(2)).value("m.relates_to").toObject().value("event_id").toString(),
                 QStringLiteral("$new"));
        // The journal learned the event id before the message left it.
        QCOMPARE(m_journal->resolved.size(), 1);
        QCOMPARE(m_journal->resolved.first().first, reaction);
        QVERIFY(m_journal->removed.indexOf(message) >= 0);
        // The echo's reaction now sits on the message's event id.
        QTRY_COMPARE(timeline()->aggregations().reactions("$new").size(), 1);
    }

    void cancellingAPendingMessageCancelsWhatDependsOnIt()
    {
        m_server->setDefaultResponse(CannedResponse::matrixError(403, "M_FORBIDDEN"));
        const QString message = m_outbox->sendText(kRoom, QStringLiteral("jamais"));
        QSignalSpy failed(m_outbox, &Outbox::failed);
        QTRY_COMPARE(failed.size(), 1); // permanently failed: waits for retry or discard
        m_server->setDefaultResponse(CannedResponse::json(200, {{"event_id", "$never"}}));
        const QString reaction = m_actions->toggleReaction(kRoom, {{}, message}, QStringLiteral("👀"));
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount(), 1); // the reaction is held back with its message
        QSignalSpy cancelled(m_outbox, &Outbox::cancelled);
        // Deleting a message that never went out cancels it, and its reaction with it.
        QCOMPARE(m_actions->redact(kRoom, {{}, message}), QString());
        QCOMPARE(cancelled.size(), 2);
        QCOMPARE(m_outbox->pendingCount(), 0);
        QCOMPARE(timeline()->rowOfTransaction(message), -1);
        QVERIFY(timeline()->aggregations().reactions(pendingEventRef(message)).isEmpty());
        QTest::qWait(100);
        QCOMPARE(m_server->requestCount(), 1);
    }

    void deletionOfOthersNeedsPower()
    {
        const TimelineItem &bobs = timeline()->at(timeline()->rowOfEvent("$m"));
        QVERIFY(!m_actions->canRedact(kRoom, bobs)); // no power levels: only the creator (bob) has 100
        syncRoom(R"({"type":"m.room.power_levels","state_key":"","sender":"@bob:x","event_id":"$pl","origin_server_ts":3,
                     "content":{"users":{"@bob:x":100,"@me:x":50}}})");
        QVERIFY(m_actions->canRedact(kRoom, timeline()->at(timeline()->rowOfEvent("$m"))));
        m_server->setDefaultResponse(CannedResponse::json(200, {{"event_id", "$x"}}));
        m_actions->redact(kRoom, {"$m", {}}, QStringLiteral("  hors sujet "));
        QVERIFY(m_server->waitForRequests(1));
        QVERIFY(m_server->requests().first().path().contains("/redact/%24m/"));
        QCOMPARE(bodyOf(m_server->requests().first()), QJsonObject({{"reason", "hors sujet"}}));
        // Shown deleted at once (our deletion is on its way).
        QTRY_VERIFY(timeline()->aggregations().redactionPending("$m"));
    }
};

QTEST_GUILESS_MAIN(TestMessageActions)
#include "test_message_actions.moc"
