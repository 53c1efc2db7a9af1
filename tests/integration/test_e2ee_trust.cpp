// What Estafette trusts, against independent clients (matrix-nio) on the real Synapse:
// - an event from one user encrypted with another user's Megolm session (spoofed sender) is flagged, and a
//   genuine message posted again (same session index, another event) is reported as a replay;
// - with every one-time key claimed, a new peer reaches us through the fallback key, and the fallback key is
//   then replaced.
#include "crypto/crypto_store.h"
#include "events/event_encryption.h"
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

namespace {
Room *joinFrom(Session &session, NioPeer &peer, const QString &roomId)
{
    if (!waitForRoom(session, roomId, Membership::Invite))
        return nullptr;
    session.roomActions()->acceptInvite(roomId);
    Room *room = waitForRoom(session, roomId, Membership::Join);
    if (!room)
        return nullptr;
    const QJsonObject joined = peer.command("wait_joined", {{"room_id", roomId}, {"user_id", session.userId()}});
    return joined.value("ok").toBool() ? room : nullptr;
}
} // namespace

class TestE2eeTrust : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me, m_alice, m_mallory, m_late;
    NioPeer m_aliceDevice, m_malloryDevice;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY2(registerUsers(m_server,
                               {{&m_me, "e2eet"}, {&m_alice, "alice"}, {&m_mallory, "mallory"}, {&m_late, "late"}},
                               &error),
                 qPrintable(error));
        QVERIFY2(m_aliceDevice.start(m_server, m_alice, &error), qPrintable(error));
        QVERIFY2(m_malloryDevice.start(m_server, m_mallory, &error), qPrintable(error));
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
    }

    void spoofedSender_flagged_replayedIndex_reported()
    {
        const QString roomId = m_aliceDevice.createEncryptedRoom(QStringLiteral("Trésorerie"),
                                                                 {m_me.userId, m_mallory.userId});
        QVERIFY(!roomId.isEmpty());
        Room *room = joinFrom(*m_session, m_aliceDevice, roomId);
        QVERIFY(room);
        QVERIFY(m_malloryDevice.waitForInvite(roomId) && m_malloryDevice.join(roomId));

        const QString genuine = QStringLiteral("Alice : le budget est validé");
        const QString genuineId = m_aliceDevice.sendText(roomId, genuine);
        QVERIFY(!genuineId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, genuine).has_value(), 30000);
        QCOMPARE(encryptionStatus(*findMessage(*room, genuine)).trust, SenderTrust::KnownDevice);
        // We follow both members' devices (members of an encrypted room we share).
        QTRY_VERIFY_WITH_TIMEOUT(knownDevices(*m_session, m_mallory.userId) == 1
                                     && knownDevices(*m_session, m_alice.userId) == 1,
                                 30000);

        // Mallory sends an event encrypted with Alice's session: it decrypts, but is not trusted as Mallory's.
        const QString forgedBody = QStringLiteral("Virement urgent vers le compte 1234");
        const QJsonObject forged = m_aliceDevice.forgeMegolm(
            roomId, QStringLiteral("m.room.message"), QJsonObject{{"msgtype", "m.text"}, {"body", forgedBody}});
        QVERIFY(!forged.isEmpty());
        const QString forgedId = m_malloryDevice.sendRaw(roomId, QStringLiteral("m.room.encrypted"), forged);
        QVERIFY(!forgedId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(eventById(*room, forgedId).eventId() == forgedId, 30000);
        const Event spoofed = eventById(*room, forgedId);
        QCOMPARE(spoofed.sender(), m_mallory.userId);
        const EncryptionStatus status = encryptionStatus(spoofed);
        QVERIFY(status.decrypted);
        QCOMPARE(status.trust, SenderTrust::Mismatch);

        // Alice's genuine ciphertext posted again (same session and index, another event): a replay, not shown
        // as a message.
        const QJsonObject original = serverEvent(*m_session, roomId, genuineId).value("content").toObject();
        QVERIFY(!original.isEmpty());
        const QString replayId = m_malloryDevice.sendRaw(roomId, QStringLiteral("m.room.encrypted"), original);
        QVERIFY(!replayId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(eventById(*room, replayId).eventId() == replayId, 30000);
        const Event replay = eventById(*room, replayId);
        QCOMPARE(replay.kind(), EventKind::Encrypted);
        QCOMPARE(encryptionStatus(replay).error, DecryptionError::Replay);
    }

    void oneTimeKeysExhausted_newPeerUsesFallbackKey_fallbackReplaced()
    {
        const QString deviceId = m_session->credentials().deviceId;
        // Estafette is stopped (no top-up) while every one-time key is claimed: only the fallback key is left.
        m_session.reset();
        const QJsonObject drained = m_aliceDevice.command(
            "claim_keys", {{"user_id", m_me.userId}, {"device_id", deviceId}, {"count", 200}, {"until_fallback", true}},
            120000);
        QVERIFY2(drained.value("ok").toBool(), qPrintable(drained.value("error").toString()));
        const QJsonArray keys = drained.value("keys").toArray();
        QVERIFY(!keys.isEmpty());
        const QJsonObject usedFallback = keys.last().toObject();
        QVERIFY2(usedFallback.value("fallback").toBool(), "no fallback key after the one-time keys ran out");

        // A peer that never talked to us creates a session with our fallback key and sends its room key over it.
        NioPeer late;
        QString error;
        QVERIFY2(late.start(m_server, m_late, &error), qPrintable(error));
        const QString roomId = late.createEncryptedRoom(QStringLiteral("Nouveau contact"), {m_me.userId});
        QVERIFY(!roomId.isEmpty());
        m_session = m_account.resume(&error);
        QVERIFY2(m_session, qPrintable(error));
        QSignalSpy uploads(m_session->crypto(), &CryptoSession::keysUploaded);
        Room *room = joinFrom(*m_session, late, roomId);
        QVERIFY(room);
        const QString body = QStringLiteral("Premier message par la clé de secours");
        QVERIFY(!late.sendText(roomId, body).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(findMessage(*room, body).has_value(), 30000);
        QVERIFY(encryptionStatus(*findMessage(*room, body)).decrypted);

        // The server reports the fallback key used: a new one is uploaded, and that is what the next claim gets.
        auto fallbackUploaded = [&] {
            for (const auto &args : uploads)
                if (args.at(1).toBool())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(fallbackUploaded(), 30000);
        m_session.reset(); // no top-up while we drain again
        const QJsonArray again = m_aliceDevice.command("claim_keys", {{"user_id", m_me.userId},
                                                                      {"device_id", deviceId},
                                                                      {"count", 200},
                                                                      {"until_fallback", true}},
                                                       120000)
                                     .value("keys")
                                     .toArray();
        QVERIFY(!again.isEmpty());
        QVERIFY(again.last().toObject().value("fallback").toBool());
        QVERIFY(again.last().toObject().value("key").toString() != usedFallback.value("key").toString());
    }
};

QTEST_MAIN(TestE2eeTrust)
#include "test_e2ee_trust.moc"
