// End-to-end encryption in a direct chat between Estafette and an independent client (matrix-nio), against the
// real Synapse: new direct chats are encrypted; both directions decrypt; the server only ever holds
// m.room.encrypted; the sender is judged from its device keys.
#include "events/event_encryption.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestE2eeDirectChat : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("e2eedm"), QStringLiteral("niodm"), &error), qPrintable(error));
        m_session = m_account.signIn(m_cast.server, m_cast.me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void encryptedDirectChat_bothDirectionsDecrypt_serverHoldsOnlyCiphertext()
    {
        QSignalSpy created(m_session->roomActions(), &RoomActions::succeeded);
        m_session->roomActions()->createDirectChat(m_cast.peerUser.userId);
        QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 20000);
        const QString roomId = created.first().at(1).toString();
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        QTRY_VERIFY_WITH_TIMEOUT(room->isEncrypted(), 20000); // encrypted by default

        QVERIFY(m_cast.peer->waitForInvite(roomId));
        QVERIFY(m_cast.peer->join(roomId));
        QTRY_VERIFY_WITH_TIMEOUT(room->state().member(m_cast.peerUser.userId)
                                     && room->state().member(m_cast.peerUser.userId)->membership == "join",
                                 20000);

        // Estafette -> nio
        const QString secret = QStringLiteral("Note confidentielle n°1 : réunion à 15 h");
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        m_session->outbox()->sendText(roomId, secret);
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 30000);
        const QString eventId = sent.first().at(2).toString();
        const QJsonObject decrypted =
            m_cast.peer->command("wait_decrypted", {{"room_id", roomId}, {"body", secret},
                                                    {"sender", m_cast.me.userId}});
        QVERIFY2(decrypted.value("ok").toBool(), qPrintable(decrypted.value("error").toString()));
        QCOMPARE(decrypted.value("event_id").toString(), eventId);
        const QJsonObject onServer = serverEvent(*m_session, roomId, eventId);
        QCOMPARE(onServer.value("type").toString(), QStringLiteral("m.room.encrypted"));
        QVERIFY(!onServer.value("content").toObject().contains("body"));
        QCOMPARE(onServer.value("content").toObject().value("algorithm").toString(),
                 QStringLiteral("m.megolm.v1.aes-sha2"));

        // Our own message decrypts for us too, in place of its local echo.
        QTRY_VERIFY_WITH_TIMEOUT(room->timeline()->containsEvent(eventId), 20000);
        auto ours = findMessage(*room, secret);
        QVERIFY(ours);
        QVERIFY(encryptionStatus(*ours).decrypted);

        // nio -> Estafette
        const QString reply = QStringLiteral("Bien reçu, à 15 h ✓");
        const QString replyId = m_cast.peer->sendText(roomId, reply);
        QVERIFY(!replyId.isEmpty());
        QCOMPARE(serverEvent(*m_session, roomId, replyId).value("type").toString(),
                 QStringLiteral("m.room.encrypted"));
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, reply).has_value(), 30000);
        const EncryptionStatus status = encryptionStatus(*findMessage(*room, reply));
        QVERIFY(status.encrypted);
        QVERIFY(status.decrypted);
        QCOMPARE(status.trust, SenderTrust::KnownDevice);
    }
};

QTEST_MAIN(TestE2eeDirectChat)
#include "test_e2ee_direct_chat.moc"
