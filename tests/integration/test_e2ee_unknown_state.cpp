// Fail closed for a room whose encryption state is not known yet, against the real Synapse and a matrix-nio peer:
// a message written to a room we just created (end-to-end encrypted) before any sync brought that room waits,
// and nothing reaches the server in the clear; once the sync brings the room's state it goes out encrypted and the
// peer decrypts it.
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/nio_peer.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"
#include "sync/sync_loop.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestE2eeUnknownState : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me, m_bob;
    NioPeer m_bob1;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY2(registerUsers(m_server, {{&m_me, "unknown"}, {&m_bob, "bob"}}, &error), qPrintable(error));
        QVERIFY2(m_bob1.start(m_server, m_bob, &error), qPrintable(error));
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void messageToARoomNotSyncedYet_waitsThenGoesOutEncrypted()
    {
        // No sync brings the new room before the message is written (the sync loop is held).
        m_session->syncLoop()->stop();
        QTest::qWait(300); // a response already being stored lands first
        const QString roomId = createRoomWithState(*m_session, QStringLiteral("Pas encore synchronisé"),
                                                   {m_bob.userId}, QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(!m_session->rooms()->room(roomId));
        QVERIFY(m_bob1.waitForInvite(roomId) && m_bob1.join(roomId));

        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        const QString secret = QStringLiteral("Écrit avant que la salle soit connue");
        m_session->outbox()->sendText(roomId, secret);
        QTest::qWait(2000);
        if (!sent.isEmpty()) {
            const QJsonObject onServer = serverEvent(*m_session, roomId, sent.first().at(2).toString());
            QFAIL(qPrintable(QStringLiteral("sent before the room's state was known, as %1")
                                 .arg(onServer.value("type").toString())));
        }
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_session->outbox()->pendingCount(), 1);

        // The sync brings the room and its state: encrypted. The message goes out encrypted, and Bob reads it.
        m_session->syncLoop()->start(m_session->syncLoop()->since());
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 1, 30000);
        const QString eventId = sent.first().at(2).toString();
        const QJsonObject onServer = serverEvent(*m_session, roomId, eventId);
        QCOMPARE(onServer.value("type").toString(), QStringLiteral("m.room.encrypted"));
        QVERIFY(!QJsonDocument(onServer).toJson().contains(secret.toUtf8()));
        const QJsonObject got = m_bob1.waitForDecrypted(roomId, secret, m_me.userId);
        QVERIFY2(!got.isEmpty(), "the peer did not decrypt the message");
        QCOMPARE(got.value("event_id").toString(), eventId);
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_bob1.stop();
    }
};

QTEST_MAIN(TestE2eeUnknownState)
#include "test_e2ee_unknown_state.moc"
