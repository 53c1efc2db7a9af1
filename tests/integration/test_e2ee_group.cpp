// Megolm in group rooms between Estafette and independent clients (matrix-nio), against the real Synapse:
// everyone decrypts everyone (one nio user with two devices); the room key is rotated after N messages, when a
// device logs out and when a member leaves, and not on a plain restart of Estafette; history visibility decides
// whether invited members get the key.
#include "crypto/crypto_store.h"
#include "events/event_encryption.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "session/crypto_session.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/nio_peer.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestE2eeGroup : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me, m_bob, m_carol;
    NioPeer m_bob1, m_carol1;
    std::unique_ptr<NioPeer> m_bob2;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

    // Estafette creates the room and the peers join.
    Room *createRoom(const QString &name, const QJsonObject &encryption, const QString &visibility,
                     const QList<NioPeer *> &joiners, const QStringList &invite)
    {
        const QString roomId = createRoomWithState(*m_session, name, invite, encryption, visibility);
        if (roomId.isEmpty())
            return nullptr;
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        if (!room)
            return nullptr;
        for (NioPeer *peer : joiners) {
            if (!peer->waitForInvite(roomId) || !peer->join(roomId))
                return nullptr;
        }
        for (int i = 0; i < 300; ++i) {
            bool all = room->isEncrypted();
            for (NioPeer *peer : joiners)
                all = all && hasMembership(*room, peer->userId(), "join");
            if (all)
                return room;
            QTest::qWait(100);
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY2(registerUsers(m_server, {{&m_me, "e2eeg"}, {&m_bob, "bob"}, {&m_carol, "carol"}}, &error),
                 qPrintable(error));
        QVERIFY2(m_bob1.start(m_server, m_bob, &error), qPrintable(error));
        m_bob2 = std::make_unique<NioPeer>();
        QVERIFY2(m_bob2->start(m_server, m_bob, &error), qPrintable(error)); // bob's second device
        QVERIFY(m_bob1.deviceId() != m_bob2->deviceId());
        QVERIFY2(m_carol1.start(m_server, m_carol, &error), qPrintable(error));
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void groupRoom_everyoneDecryptsEveryone_bothDevicesOfOneUser()
    {
        Room *room = createRoom(QStringLiteral("Cellule de crise"),
                                QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}, {}, {&m_bob1, &m_carol1},
                                {m_bob.userId, m_carol.userId});
        QVERIFY(room);
        const QString roomId = room->id();

        const QString fromUs = QStringLiteral("Point de situation à 9 h");
        QVERIFY(!sendAndWait(*m_session, roomId, fromUs).isEmpty());
        for (NioPeer *peer : {&m_bob1, m_bob2.get(), &m_carol1}) {
            const QJsonObject got = peer->waitForDecrypted(roomId, fromUs, m_me.userId);
            QVERIFY2(!got.isEmpty(), qPrintable(peer->deviceId() + " did not decrypt"));
        }

        const QString fromBob = QStringLiteral("Bob : reçu, j'arrive");
        const QString fromCarol = QStringLiteral("Carol : reçu également");
        QVERIFY(!m_bob1.sendText(roomId, fromBob).isEmpty());
        QVERIFY(!m_carol1.sendText(roomId, fromCarol).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, fromBob) && findMessage(*room, fromCarol), 30000);
        for (const QString &body : {fromBob, fromCarol}) {
            const EncryptionStatus status = encryptionStatus(*findMessage(*room, body));
            QVERIFY(status.decrypted);
            QCOMPARE(status.trust, SenderTrust::KnownDevice);
        }
        // nio users read each other and bob's second device reads carol.
        QVERIFY(!m_bob2->waitForDecrypted(roomId, fromCarol, m_carol.userId).isEmpty());
        QVERIFY(!m_carol1.waitForDecrypted(roomId, fromBob, m_bob.userId).isEmpty());
    }

    void roomKeyRotated_afterNMessages_onDeviceLogout_onLeave_notOnRestart()
    {
        // rotation_period_msgs 3: the 4th message starts a new session.
        Room *room = createRoom(QStringLiteral("Rotation"),
                                QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}, {"rotation_period_msgs", 3}}, {},
                                {&m_bob1, &m_carol1}, {m_bob.userId, m_carol.userId});
        QVERIFY(room);
        const QString roomId = room->id();
        for (int i = 1; i <= 4; ++i)
            QVERIFY(!sendAndWait(*m_session, roomId, QStringLiteral("compte %1").arg(i)).isEmpty());
        QStringList sessions = ourSessionIds(*m_session, roomId);
        QCOMPARE(sessions.size(), 4);
        QCOMPARE(sessions.at(1), sessions.at(0));
        QCOMPARE(sessions.at(2), sessions.at(0));
        QVERIFY2(sessions.at(3) != sessions.at(0), "not rotated after rotation_period_msgs");
        QVERIFY(!m_carol1.waitForDecrypted(roomId, QStringLiteral("compte 4"), m_me.userId).isEmpty());

        // A plain restart keeps the session (its count and sharing are stored).
        m_session.reset();
        QString error;
        m_session = m_account.resume(&error);
        QVERIFY2(m_session, qPrintable(error));
        room = waitForRoom(*m_session, roomId, Membership::Join); // the room as the new session has it
        QVERIFY(room);
        QVERIFY(!sendAndWait(*m_session, roomId, QStringLiteral("après redémarrage")).isEmpty());
        sessions = ourSessionIds(*m_session, roomId);
        QCOMPARE(sessions.size(), 5);
        QCOMPARE(sessions.at(4), sessions.at(3));
        QVERIFY(!m_bob2->waitForDecrypted(roomId, QStringLiteral("après redémarrage"), m_me.userId).isEmpty());

        // One of bob's devices logs out: the next message uses a new session, the remaining devices read it.
        QCOMPARE(knownDevices(*m_session, m_bob.userId), 2);
        QVERIFY(m_bob2->logout());
        m_bob2.reset();
        QTRY_COMPARE_WITH_TIMEOUT(knownDevices(*m_session, m_bob.userId), 1, 30000);
        QVERIFY(!sendAndWait(*m_session, roomId, QStringLiteral("après déconnexion")).isEmpty());
        sessions = ourSessionIds(*m_session, roomId);
        QCOMPARE(sessions.size(), 6);
        QVERIFY2(sessions.at(5) != sessions.at(4), "not rotated after a device logged out");
        QVERIFY(!m_bob1.waitForDecrypted(roomId, QStringLiteral("après déconnexion"), m_me.userId).isEmpty());
        QVERIFY(!m_carol1.waitForDecrypted(roomId, QStringLiteral("après déconnexion"), m_me.userId).isEmpty());

        // Carol leaves: new session, which she does not get.
        QVERIFY(m_carol1.command("leave", {{"room_id", roomId}}).value("ok").toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!hasMembership(*room, m_carol.userId, "join"), 30000);
        const QString afterLeave = QStringLiteral("après départ de Carol");
        const QString eventId = sendAndWait(*m_session, roomId, afterLeave);
        QVERIFY(!eventId.isEmpty());
        sessions = ourSessionIds(*m_session, roomId);
        QCOMPARE(sessions.size(), 7);
        QVERIFY2(sessions.at(6) != sessions.at(5), "not rotated after a member left");
        QVERIFY(!m_bob1.waitForDecrypted(roomId, afterLeave, m_me.userId).isEmpty());
    }
};

QTEST_MAIN(TestE2eeGroup)
#include "test_e2ee_group.moc"
