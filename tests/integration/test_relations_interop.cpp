// Formatted text, replies, edits, reactions and deletions between Estafette and matrix-nio on the real Synapse,
// in a room in the clear and in an end-to-end encrypted one: what Estafette sends is what nio receives (and the
// server stores the relation in the clear where the spec wants it for aggregation), and what nio sends is what
// Estafette's timeline model shows, in place.
#include "models/timeline_model.h"
#include "rooms/message_actions.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/typing_notifier.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"
#include "text/message_content.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestRelationsInterop : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

    // Sends through the outbox and waits for the server's event id.
    QString sent(const std::function<QString()> &send)
    {
        QSignalSpy spy(m_session->outbox(), &Outbox::sent);
        const QString txn = send();
        if (txn.isEmpty())
            return {};
        for (int i = 0; i < 300; ++i) {
            for (const QList<QVariant> &args : std::as_const(spy)) {
                if (args.at(1).toString() == txn)
                    return args.at(2).toString();
            }
            spy.wait(100);
        }
        return {};
    }
    // What nio received for one of our events (decrypted content when encrypted).
    QJsonObject atPeer(const QString &roomId, const QString &eventId)
    {
        const QJsonObject info = m_cast.peer->eventInfo(roomId, eventId);
        if (!info.value("ok").toBool())
            qWarning() << "nio did not see" << eventId << info.value("error").toString();
        return info;
    }
    static int rowOf(const TimelineModel &model, const QString &eventId)
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(TimelineModel::EventIdRole).toString() == eventId)
                return row;
        }
        return -1;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("relme"), QStringLiteral("relnio"), &error), qPrintable(error));
        m_session = m_account.signIn(m_cast.server, m_cast.me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void bothWays_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::newRow("in the clear") << false;
        QTest::newRow("encrypted") << true;
    }

    void bothWays()
    {
        QFETCH(bool, encrypted);
        Room *room = encrypted ? m_cast.joinEncryptedRoomFromPeer(*m_session, QStringLiteral("Relations chiffrées"))
                               : m_cast.joinRoomFromPeer(*m_session, QStringLiteral("Relations"));
        QVERIFY(room);
        const QString roomId = room->id();
        MessageActions *actions = m_session->messageActions();
        QVERIFY(actions);
        TimelineModel model;
        model.setRoom(room);

        // Formatted text out: body as typed, formatted_body only because it adds something, m.mentions present.
        const QString formattedId = sent([&] {
            return m_session->outbox()->sendEvent(roomId, "m.room.message",
                                                  composeTextContent(QStringLiteral("**Urgent** : relire la _note_")));
        });
        QVERIFY(!formattedId.isEmpty());
        QJsonObject seen = atPeer(roomId, formattedId);
        QCOMPARE(seen.value("encrypted").toBool(), encrypted);
        QJsonObject content = seen.value("content").toObject();
        QCOMPARE(content.value("body").toString(), QStringLiteral("**Urgent** : relire la _note_"));
        QCOMPARE(content.value("format").toString(), QStringLiteral("org.matrix.custom.html"));
        QVERIFY2(content.value("formatted_body").toString().contains("<strong>Urgent</strong>"),
                 qPrintable(content.value("formatted_body").toString()));
        QVERIFY(content.value("formatted_body").toString().contains("<em>note</em>"));
        QVERIFY(content.value("m.mentions").isObject());
        const QString plainId = sent([&] {
            return m_session->outbox()->sendEvent(roomId, "m.room.message", composeTextContent("juste du texte"));
        });
        QVERIFY(!atPeer(roomId, plainId).value("content").toObject().contains("formatted_body"));

        // nio's message; Estafette reacts, replies; the server keeps relations in the clear.
        const QString theirs = m_cast.peer->sendText(roomId, QStringLiteral("Réunion à 10 h ?"));
        QVERIFY(!theirs.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->rowOfEvent(theirs) >= 0, 30000);
        const QString reaction = sent([&] { return actions->toggleReaction(roomId, {theirs, {}}, QStringLiteral("👍")); });
        QVERIFY(!reaction.isEmpty());
        seen = atPeer(roomId, reaction);
        QCOMPARE(seen.value("type").toString(), QStringLiteral("m.reaction"));
        QCOMPARE(seen.value("encrypted").toBool(), encrypted);
        const QJsonObject annotation{{"rel_type", "m.annotation"}, {"event_id", theirs}, {"key", "👍"}};
        QCOMPARE(seen.value("content").toObject().value("m.relates_to").toObject(), annotation);
        if (encrypted) {
            const QJsonObject onServer = serverEvent(*m_session, roomId, reaction);
            QCOMPARE(onServer.value("type").toString(), QStringLiteral("m.room.encrypted"));
            QCOMPARE(onServer.value("content").toObject().value("m.relates_to").toObject(), annotation);
        }
        const QString replyId = sent([&] {
            return actions->reply(roomId, {theirs, {}}, composeTextContent(QStringLiteral("Oui, salle Sully")));
        });
        content = atPeer(roomId, replyId).value("content").toObject();
        QCOMPARE(content.value("m.relates_to").toObject().value("m.in_reply_to").toObject().value("event_id").toString(),
                 theirs);
        QCOMPARE(content.value("body").toString(), QStringLiteral("Oui, salle Sully")); // no fallback quote
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, replyId) >= 0, 30000);
        const ReplyPreview quote = model.index(rowOf(model, replyId), 0).data(TimelineModel::ReplyRole).value<ReplyPreview>();
        QVERIFY(quote.loaded);
        QCOMPARE(quote.text, QStringLiteral("Réunion à 10 h ?"));

        // Our edit: m.replace with m.new_content; shown in place.
        const QString editId = sent([&] {
            return actions->edit(roomId, {plainId, {}}, composeTextContent(QStringLiteral("juste du texte, corrigé")));
        });
        content = atPeer(roomId, editId).value("content").toObject();
        QCOMPARE(content.value("m.relates_to").toObject(), QJsonObject({{"rel_type", "m.replace"}, {"event_id", plainId}}));
        QCOMPARE(content.value("m.new_content").toObject().value("body").toString(), QStringLiteral("juste du texte, corrigé"));
        QCOMPARE(content.value("body").toString(), QStringLiteral("* juste du texte, corrigé"));
        QTRY_COMPARE_WITH_TIMEOUT(model.index(rowOf(model, plainId), 0).data(TimelineModel::BodyRole).toString(),
                                  QStringLiteral("juste du texte, corrigé"), 30000);
        QVERIFY(model.index(rowOf(model, plainId), 0).data(TimelineModel::IsEditedRole).toBool());

        // Taking our reaction back redacts it.
        QTRY_VERIFY_WITH_TIMEOUT(!room->timeline()->aggregations().reactions(theirs).isEmpty()
                                     && !room->timeline()->aggregations().reactions(theirs).first().ownEventId.isEmpty(),
                                 30000);
        const QString undo = sent([&] { return actions->toggleReaction(roomId, {theirs, {}}, QStringLiteral("👍")); });
        QVERIFY(!undo.isEmpty());
        seen = atPeer(roomId, undo);
        QCOMPARE(seen.value("type").toString(), QStringLiteral("m.room.redaction"));
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->aggregations().reactions(theirs).isEmpty(), 30000);

        // nio -> Estafette: its edit replaces in place, its reaction aggregates, its redaction erases.
        const QJsonObject editContent{{"msgtype", "m.text"}, {"body", "* Réunion à 11 h ?"},
                                      {"m.new_content", QJsonObject{{"msgtype", "m.text"}, {"body", "Réunion à 11 h ?"}}},
                                      {"m.relates_to", QJsonObject{{"rel_type", "m.replace"}, {"event_id", theirs}}}};
        QJsonObject answer = m_cast.peer->command("send_event", {{"room_id", roomId}, {"type", "m.room.message"},
                                                                 {"content", editContent}});
        QVERIFY2(answer.value("ok").toBool(), qPrintable(answer.value("error").toString()));
        QTRY_COMPARE_WITH_TIMEOUT(model.index(rowOf(model, theirs), 0).data(TimelineModel::BodyRole).toString(),
                                  QStringLiteral("Réunion à 11 h ?"), 30000);
        const int rowsAfterEdit = model.rowCount();
        answer = m_cast.peer->command("send_event", {{"room_id", roomId}, {"type", "m.reaction"},
                                                     {"content", QJsonObject{{"m.relates_to", QJsonObject{
                                                          {"rel_type", "m.annotation"}, {"event_id", plainId},
                                                          {"key", "🎉"}}}}}});
        QVERIFY2(answer.value("ok").toBool(), qPrintable(answer.value("error").toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!model.index(rowOf(model, plainId), 0).data(TimelineModel::ReactionsRole)
                                      .value<ReactionGroups>().isEmpty(), 30000);
        const ReactionGroups groups =
            model.index(rowOf(model, plainId), 0).data(TimelineModel::ReactionsRole).value<ReactionGroups>();
        QCOMPARE(groups.first().key, QStringLiteral("🎉"));
        QCOMPARE(groups.first().senders, QStringList{m_cast.peerUser.userId});
        QCOMPARE(model.rowCount(), rowsAfterEdit); // neither the edit nor the reaction is a row
        answer = m_cast.peer->command("redact", {{"room_id", roomId}, {"event_id", theirs}, {"reason", "doublon"}});
        QVERIFY2(answer.value("ok").toBool(), qPrintable(answer.value("error").toString()));
        QTRY_VERIFY_WITH_TIMEOUT(model.index(rowOf(model, theirs), 0).data(TimelineModel::IsRedactedRole).toBool(),
                                 30000);
        QCOMPARE(model.index(rowOf(model, theirs), 0).data(TimelineModel::BodyRole).toString(),
                 QStringLiteral("Message deleted"));
        // The reply's quote says so too.
        QTRY_COMPARE_WITH_TIMEOUT(
            model.index(rowOf(model, replyId), 0).data(TimelineModel::ReplyRole).value<ReplyPreview>().text,
            QStringLiteral("Message deleted"), 10000);
    }

    // Receipts, typing and mentions, both ways, in an encrypted room (ephemeral events are never encrypted; the
    // mention's m.mentions travels inside the ciphertext).
    void receiptsTypingAndMentions()
    {
        Room *room = m_cast.joinEncryptedRoomFromPeer(*m_session, QStringLiteral("Présence"));
        QVERIFY(room);
        const QString roomId = room->id();
        TimelineModel model;
        model.setRoom(room);
        const QString peerId = m_cast.peerUser.userId;
        const auto ephemeral = [&] { return m_cast.peer->command("ephemeral", {{"room_id", roomId}}); };

        // Typing: ours reaches nio, and stops; nio's shows here.
        TypingNotifier *typing = m_session->typingNotifier();
        QVERIFY(typing);
        typing->textEdited(roomId, false);
        QTRY_VERIFY_WITH_TIMEOUT(ephemeral().value("typing").toArray().contains(m_cast.me.userId), 20000);
        typing->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!ephemeral().value("typing").toArray().contains(m_cast.me.userId), 20000);
        QVERIFY(m_cast.peer->command("set_typing", {{"room_id", roomId}, {"typing", true}}).value("ok").toBool());
        QTRY_COMPARE_WITH_TIMEOUT(room->presence().typingUsers(), QStringList{peerId}, 20000);
        QVERIFY(m_cast.peer->command("set_typing", {{"room_id", roomId}, {"typing", false}}).value("ok").toBool());
        QTRY_VERIFY_WITH_TIMEOUT(room->presence().typingUsers().isEmpty(), 20000);

        // Receipts: nio's read receipt shows under the message it read; ours reaches nio as m.read, or not at all
        // when private.
        const QString first = m_cast.peer->sendText(roomId, QStringLiteral("Premier"));
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->rowOfEvent(first) >= 0, 30000);
        const QString mine = sent([&] {
            return m_session->outbox()->sendEvent(roomId, "m.room.message", composeTextContent("Lu ?"));
        });
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->rowOfEvent(mine) >= 0, 30000);
        QVERIFY(m_cast.peer->command("read_markers", {{"room_id", roomId}, {"event_id", mine}}).value("ok").toBool());
        QTRY_COMPARE_WITH_TIMEOUT(model.index(rowOf(model, mine), 0).data(TimelineModel::ReadByRole).toStringList(),
                                  QStringList{peerId}, 30000);
        const auto ourReceipts = [&] {
            int n = 0;
            for (const QJsonValue &r : ephemeral().value("receipts").toArray()) {
                if (r.toObject().value("user_id").toString() == m_cast.me.userId)
                    ++n;
            }
            return n;
        };
        const QString second = m_cast.peer->sendText(roomId, QStringLiteral("Deuxième"));
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->rowOfEvent(second) >= 0, 30000);
        QSignalSpy marked(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->markRead(roomId);
        QTRY_VERIFY_WITH_TIMEOUT(!marked.isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(ourReceipts() >= 1, 20000);
        const int publicReceipts = ourReceipts();
        m_session->roomActions()->setPrivateReceipts(true);
        const QString third = m_cast.peer->sendText(roomId, QStringLiteral("Troisième"));
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->rowOfEvent(third) >= 0, 30000);
        marked.clear();
        m_session->roomActions()->markRead(roomId);
        QTRY_VERIFY_WITH_TIMEOUT(!marked.isEmpty(), 20000);
        // Our read marker moved (m.fully_read comes back in the sync), nobody saw a receipt.
        QTRY_COMPARE_WITH_TIMEOUT(room->presence().fullyRead(), third, 20000);
        QTest::qWait(1500);
        QCOMPARE(ourReceipts(), publicReceipts);
        m_session->roomActions()->setPrivateReceipts(false);

        // Mentions: a pill and m.mentions out; nio's mention of us highlights.
        const Mention peer{peerId, QStringLiteral("Pair nio")};
        const QString mention = sent([&] {
            return m_session->outbox()->sendEvent(
                roomId, "m.room.message", composeTextContent(QStringLiteral("Pair nio, tu confirmes ?"), {peer}));
        });
        const QJsonObject content = atPeer(roomId, mention).value("content").toObject();
        QCOMPARE(content.value("m.mentions").toObject().value("user_ids").toArray(), QJsonArray{peerId});
        QVERIFY2(content.value("formatted_body").toString().contains(Mentions::permalink(peerId)),
                 qPrintable(content.value("formatted_body").toString()));
        QCOMPARE(content.value("body").toString(), QStringLiteral("Pair nio, tu confirmes ?"));
        const QJsonObject mentioning{{"msgtype", "m.text"}, {"body", "Oui, je confirme"},
                                     {"m.mentions", QJsonObject{{"user_ids", QJsonArray{m_cast.me.userId}}}}};
        QJsonObject answer = m_cast.peer->command("send_event", {{"room_id", roomId}, {"type", "m.room.message"},
                                                                 {"content", mentioning}});
        QVERIFY(answer.value("ok").toBool());
        const QString mentioningId = answer.value("event_id").toString();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, mentioningId) >= 0, 30000);
        QVERIFY(model.index(rowOf(model, mentioningId), 0).data(TimelineModel::MentionsMeRole).toBool());
        QVERIFY(!model.index(rowOf(model, second), 0).data(TimelineModel::MentionsMeRole).toBool());
    }
};

QTEST_MAIN(TestRelationsInterop)
#include "test_relations_interop.moc"
