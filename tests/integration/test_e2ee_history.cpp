// Who can read what, between Estafette and independent clients (matrix-nio) on the real Synapse:
// - history visibility "joined": a device that appears later sees earlier messages but can't decrypt them,
//   and reads what is sent after it appeared;
// - "shared": members invited before a message get its key and read it once they join; under "joined" they
//   don't get it;
// - a message whose key we don't have is shown as such, a key request goes to our own devices, our other
//   device asks the person, answers with the key once they approved, and the message is decrypted in place.
#include "events/event_encryption.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/room_actions.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/nio_peer.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"

#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestE2eeHistory : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me, m_dan, m_erin;
    NioPeer m_dan1, m_erin1;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY2(registerUsers(m_server, {{&m_me, "e2eeh"}, {&m_dan, "dan"}, {&m_erin, "erin"}}, &error),
                 qPrintable(error));
        QVERIFY2(m_dan1.start(m_server, m_dan, &error), qPrintable(error));
        QVERIFY2(m_erin1.start(m_server, m_erin, &error), qPrintable(error));
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void joinedVisibility_laterDeviceSeesButCannotDecryptEarlierMessages()
    {
        const QString roomId = createRoomWithState(*m_session, QStringLiteral("Visibilité joined"), {m_dan.userId},
                                                   QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}},
                                                   QStringLiteral("joined"));
        QVERIFY(!roomId.isEmpty());
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        QVERIFY(m_dan1.waitForInvite(roomId) && m_dan1.join(roomId));
        QTRY_VERIFY_WITH_TIMEOUT(hasMembership(*room, m_dan.userId, "join"), 20000);

        const QString before = QStringLiteral("Avant le nouvel appareil de Dan");
        const QString beforeId = sendAndWait(*m_session, roomId, before);
        QVERIFY(!beforeId.isEmpty());
        QVERIFY(!m_dan1.waitForDecrypted(roomId, before, m_me.userId).isEmpty());

        // Dan signs in on a new device: it sees the earlier message (dan was a member) but has no key for it.
        NioPeer dan2;
        QString error;
        QVERIFY2(dan2.start(m_server, m_dan, &error), qPrintable(error));
        const QJsonObject seen = dan2.eventInfo(roomId, beforeId);
        QCOMPARE(seen.value("type").toString(), QStringLiteral("m.room.encrypted"));
        QVERIFY(seen.value("encrypted").toBool());
        QVERIFY2(!seen.value("decrypted").toBool(), "a device that appeared later decrypted earlier history");

        // What we send after it appeared reaches it.
        const QString after = QStringLiteral("Après le nouvel appareil de Dan");
        QVERIFY(!sendAndWait(*m_session, roomId, after).isEmpty());
        QVERIFY(!dan2.waitForDecrypted(roomId, after, m_me.userId).isEmpty());
        QVERIFY(dan2.eventInfo(roomId, beforeId, 2000).value("decrypted").toBool() == false);
    }

    void sharedVisibility_invitedMemberGetsKey_joinedVisibilityInvitedDoesNot()
    {
        QSignalSpy shared(m_session->crypto(), &CryptoSession::roomKeyShared);
        for (const QString &visibility : {QStringLiteral("shared"), QStringLiteral("joined")}) {
            shared.clear();
            const QString roomId = createRoomWithState(*m_session, "Visibilité " + visibility, {m_erin.userId},
                                                       QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}},
                                                       visibility);
            QVERIFY(!roomId.isEmpty());
            Room *room = waitForRoom(*m_session, roomId, Membership::Join);
            QVERIFY(room);
            QTRY_VERIFY_WITH_TIMEOUT(hasMembership(*room, m_erin.userId, "invite") && room->isEncrypted(), 20000);
            QVERIFY(m_erin1.waitForInvite(roomId));

            // Sent while Erin is only invited.
            const QString whileInvited = "Pendant l'invitation (" + visibility + ")";
            QVERIFY(!sendAndWait(*m_session, roomId, whileInvited).isEmpty());
            const bool keyWentToErin = !shared.isEmpty();
            QCOMPARE(keyWentToErin, visibility == QLatin1String("shared"));

            QVERIFY(m_erin1.join(roomId));
            QTRY_VERIFY_WITH_TIMEOUT(hasMembership(*room, m_erin.userId, "join"), 20000);
            if (visibility == QLatin1String("shared"))
                QVERIFY2(!m_erin1.waitForDecrypted(roomId, whileInvited, m_me.userId).isEmpty(),
                         "an invited member did not get the key under shared visibility");
            // Once joined, she reads new messages either way.
            const QString joined = "Après l'arrivée d'Erin (" + visibility + ")";
            QVERIFY(!sendAndWait(*m_session, roomId, joined).isEmpty());
            QVERIFY(!m_erin1.waitForDecrypted(roomId, joined, m_me.userId).isEmpty());
        }
    }

    void missingKey_requestedFromOurOtherDevice_decryptedInPlace()
    {
        // Dan writes in a room with us; then we sign in on a second device, which has no key for it.
        const QString roomId = m_dan1.createEncryptedRoom(QStringLiteral("Deuxième appareil"), {m_me.userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(waitForRoom(*m_session, roomId, Membership::Invite));
        m_session->roomActions()->acceptInvite(roomId);
        Room *room = waitForRoom(*m_session, roomId, Membership::Join);
        QVERIFY(room);
        QTRY_VERIFY_WITH_TIMEOUT(hasMembership(*room, m_me.userId, "join") && room->isEncrypted(), 20000);
        const QString secret = QStringLiteral("Message écrit avant le second appareil");
        const QString eventId = m_dan1.sendText(roomId, secret);
        QVERIFY(!eventId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, secret).has_value(), 30000);

        QSignalSpy asking(m_session->crypto(), &CryptoSession::ownDeviceWantsKeys);
        StoredAccount secondDevice;
        QString error;
        auto second = secondDevice.signIn(m_server, m_me, &error);
        QVERIFY2(second, qPrintable(error));
        QVERIFY(second->credentials().deviceId != m_session->credentials().deviceId);
        Room *room2 = waitForRoom(*second, roomId, Membership::Join);
        QVERIFY(room2);
        // Shown first as not decryptable (the key was never sent to this device) ...
        QTRY_VERIFY_WITH_TIMEOUT(!eventById(*room2, eventId).eventId().isEmpty(), 30000);
        const Event early = eventById(*room2, eventId);
        if (early.kind() == EventKind::Encrypted) {
            QCOMPARE(encryptionStatus(early).error, DecryptionError::MissingKey);
        }
        // Our first device asks the person before sharing anything with a device it did not know.
        QTRY_VERIFY_WITH_TIMEOUT(!asking.isEmpty(), 30000);
        const auto device = asking.first().at(0).value<StoredDevice>();
        QCOMPARE(device.deviceId, second->credentials().deviceId);
        QCOMPARE(device.ed25519, second->crypto()->identityKeys().ed25519);
        QTest::qWait(2000);
        QVERIFY2(!findMessage(*room2, secret).has_value(), "keys shared with a device nobody approved");
        // ... then, once approved and our first device answered the key request, decrypted in place.
        m_session->crypto()->approveOwnDevice(device.deviceId);
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room2, secret).has_value(), 60000);
        const EncryptionStatus status = encryptionStatus(*findMessage(*room2, secret));
        QVERIFY(status.decrypted);
        QCOMPARE(status.trust, SenderTrust::Forwarded);
        QCOMPARE(room2->timeline()->containsEvent(eventId), true);
    }
};

QTEST_MAIN(TestE2eeHistory)
#include "test_e2ee_history.moc"
