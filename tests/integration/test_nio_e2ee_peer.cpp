// The end-to-end encryption commands of the matrix-nio peer, between nio peers only, against the real Synapse:
// what the interop tests of Estafette's own Olm/Megolm rely on. Encrypted rooms reach every device of every
// member (a second device of the same user included), undecryptable events never count as decrypted and are
// decrypted once their key arrives, a Megolm event can be forged with one user's session and sent by another,
// and a device that logs out disappears from the server's device keys.
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace estafette::test;

namespace {

const QString kMegolm = QStringLiteral("m.megolm.v1.aes-sha2");

QJsonObject text(const QString &body)
{
    return QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")}, {QStringLiteral("body"), body}};
}

QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

bool flag(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toBool();
}

} // namespace

class TestNioE2eePeer : public QObject {
    Q_OBJECT

private:
    TestServer m_server;

    std::optional<TestUser> user(const QString &prefix)
    {
        QString error;
        auto registered = registerUser(m_server, prefix, false, &error);
        if (!registered)
            qWarning("%s", qPrintable(error));
        return registered;
    }

    // A started peer for `who`, or nullptr (the failure is printed).
    std::unique_ptr<NioPeer> peer(const TestUser &who)
    {
        auto p = std::make_unique<NioPeer>();
        QString error;
        if (!p->start(m_server, who, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        return p;
    }

    // The server's device ids of `userId`, as seen by `observer` through /keys/query.
    static QStringList serverDevices(NioPeer &observer, const QString &userId)
    {
        const QJsonObject answer =
            observer.command(QStringLiteral("query_keys"), {{QStringLiteral("user_id"), userId}});
        return answer.value(QStringLiteral("devices")).toObject().keys();
    }

private slots:
    void initTestCase()
    {
        QString error;
        const auto server = testServer(&error);
        QVERIFY2(server.has_value(), qPrintable(error));
        m_server = *server;
    }

    // An encrypted room between alice and two devices of bob; carol is only invited when alice sends.
    void encryptedRoomReachesEveryDeviceOfEveryMember()
    {
        const auto alice = user(QStringLiteral("alice"));
        const auto bob = user(QStringLiteral("bob"));
        const auto carol = user(QStringLiteral("carol"));
        QVERIFY(alice && bob && carol);
        auto a = peer(*alice);
        auto b1 = peer(*bob);
        auto b2 = peer(*bob);
        auto c = peer(*carol);
        QVERIFY(a && b1 && b2 && c);

        // Two processes signed in as the same user are two devices with their own keys.
        QCOMPARE(b1->userId(), bob->userId);
        QCOMPARE(b2->userId(), bob->userId);
        QVERIFY(!b1->deviceId().isEmpty());
        QVERIFY(b1->deviceId() != b2->deviceId());
        QVERIFY(!b1->curve25519().isEmpty());
        QVERIFY(b1->curve25519() != b2->curve25519());

        const QString roomId = a->createEncryptedRoom(QStringLiteral("Chiffré"), {bob->userId});
        QVERIFY(roomId.startsWith(QLatin1Char('!')));
        const QJsonObject encryption = a->command(QStringLiteral("get_state"),
                                                  {{QStringLiteral("room_id"), roomId},
                                                   {QStringLiteral("type"), QStringLiteral("m.room.encryption")}});
        QVERIFY2(flag(encryption, "ok"), qPrintable(str(encryption, "error")));
        QCOMPARE(str(encryption.value(QStringLiteral("content")).toObject(), "algorithm"), kMegolm);
        QCOMPARE(a->outboundSessionId(roomId), QString()); // nothing sent yet

        QVERIFY(b1->waitForInvite(roomId, 20000));
        QVERIFY(b1->join(roomId)); // joining an encrypted room
        QVERIFY(a->invite(roomId, carol->userId));

        // Alice's device store knows both devices of bob, with the keys they announced.
        const QJsonObject bobDevices = a->devices(bob->userId);
        QVERIFY2(bobDevices.contains(b1->deviceId()) && bobDevices.contains(b2->deviceId()),
                 qPrintable(bobDevices.keys().join(QLatin1Char(' '))));
        QCOMPARE(str(bobDevices.value(b1->deviceId()).toObject(), "curve25519"), b1->curve25519());
        QCOMPARE(str(bobDevices.value(b2->deviceId()).toObject(), "ed25519"), b2->ed25519());

        const QString body = QStringLiteral("Message chiffré pour tous, àéèç ✓");
        const QString eventId = a->sendText(roomId, body);
        QVERIFY(eventId.startsWith(QLatin1Char('$')));
        const QString sessionId = a->outboundSessionId(roomId);
        QVERIFY(!sessionId.isEmpty());

        for (NioPeer *receiver : {b1.get(), b2.get()}) {
            const QJsonObject got = receiver->waitForDecrypted(roomId, body, alice->userId, 20000);
            QCOMPARE(str(got, "event_id"), eventId);
            QCOMPARE(str(got, "sender"), alice->userId);
            QCOMPARE(str(got, "session_id"), sessionId);
            QCOMPARE(str(got, "sender_key"), a->curve25519());
        }

        const QJsonObject info = b1->eventInfo(roomId, eventId);
        QCOMPARE(str(info, "type"), QStringLiteral("m.room.message"));
        QVERIFY(flag(info, "encrypted"));
        QVERIFY(flag(info, "decrypted"));
        QCOMPARE(str(info, "session_id"), sessionId);
        QCOMPARE(str(info, "sender_key"), a->curve25519());
        QCOMPARE(str(info, "device_id"), a->deviceId());
        QCOMPARE(str(info, "body"), body);
        QVERIFY(!flag(info, "verified")); // nobody verified anybody

        // carol was only invited when alice sent: nio shared the session with her device too.
        QVERIFY(c->waitForInvite(roomId, 20000));
        QVERIFY(c->join(roomId));
        QCOMPARE(str(c->waitForDecrypted(roomId, body, alice->userId, 20000), "session_id"), sessionId);

        // Encrypted the other way round, and history visibility.
        const QString reply = QStringLiteral("Réponse chiffrée de bob");
        QVERIFY(!b2->sendText(roomId, reply).isEmpty());
        QVERIFY(!a->waitForDecrypted(roomId, reply, bob->userId, 20000).isEmpty());
        QVERIFY(!b1->waitForDecrypted(roomId, reply, bob->userId, 20000).isEmpty()); // bob's other device
        QVERIFY(a->setHistoryVisibility(roomId, QStringLiteral("joined")));
        const QJsonObject visibility =
            a->command(QStringLiteral("get_state"),
                       {{QStringLiteral("room_id"), roomId},
                        {QStringLiteral("type"), QStringLiteral("m.room.history_visibility")}});
        QCOMPARE(str(visibility.value(QStringLiteral("content")).toObject(), "history_visibility"),
                 QStringLiteral("joined"));
    }

    // A device that signs in after a message never counts it as decrypted, until the key arrives: by a key
    // import, or forwarded by another (trusted) device of the same user on request.
    void undecryptableEventsAreDecryptedWhenTheirKeyArrives()
    {
        const auto alice = user(QStringLiteral("alice"));
        const auto bob = user(QStringLiteral("bob"));
        QVERIFY(alice && bob);
        auto a = peer(*alice);
        auto b1 = peer(*bob);
        QVERIFY(a && b1);
        const QString roomId = a->createEncryptedRoom(QStringLiteral("Plus tard"), {bob->userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(b1->waitForInvite(roomId, 20000));
        QVERIFY(b1->join(roomId));

        const QString body = QStringLiteral("Avant l'arrivée des nouveaux appareils");
        const QString eventId = a->sendText(roomId, body);
        QVERIFY(!eventId.isEmpty());
        const QString sessionId = a->outboundSessionId(roomId);
        QVERIFY(!b1->waitForDecrypted(roomId, body, alice->userId, 20000).isEmpty());

        auto late = peer(*bob);
        QVERIFY(late);
        QJsonObject info = late->eventInfo(roomId, eventId, 20000);
        QCOMPARE(str(info, "type"), QStringLiteral("m.room.encrypted"));
        QVERIFY(flag(info, "encrypted"));
        QVERIFY(!flag(info, "decrypted"));
        QCOMPARE(str(info, "session_id"), sessionId);
        QCOMPARE(str(info, "sender_key"), a->curve25519());
        QCOMPARE(str(info, "device_id"), a->deviceId());
        QVERIFY(!info.contains(QStringLiteral("body")));
        // The undecryptable event does not satisfy wait_decrypted.
        const QJsonObject early = late->command(QStringLiteral("wait_decrypted"),
                                                {{QStringLiteral("room_id"), roomId},
                                                 {QStringLiteral("body"), body},
                                                 {QStringLiteral("timeout_ms"), 2000}});
        QCOMPARE(flag(early, "ok"), false);
        QVERIFY(str(early, "error").contains(QStringLiteral("timeout")));

        // A key export of bob's first device imported later: the stored event is decrypted.
        const QJsonObject exported = b1->command(QStringLiteral("export_keys"),
                                                 {{QStringLiteral("passphrase"), QStringLiteral("phrase secrète")}});
        QVERIFY2(flag(exported, "ok"), qPrintable(str(exported, "error")));
        QVERIFY(str(exported, "data").contains(QStringLiteral("MEGOLM SESSION DATA")));
        const QJsonObject imported = late->command(QStringLiteral("import_keys"),
                                                   {{QStringLiteral("data"), str(exported, "data")},
                                                    {QStringLiteral("passphrase"), QStringLiteral("phrase secrète")}});
        QVERIFY2(flag(imported, "ok"), qPrintable(str(imported, "error")));
        const QJsonObject decrypted = late->waitForDecrypted(roomId, body, alice->userId, 10000);
        QCOMPARE(str(decrypted, "event_id"), eventId);
        QCOMPARE(str(decrypted, "session_id"), sessionId);
        info = late->eventInfo(roomId, eventId);
        QVERIFY(flag(info, "decrypted"));
        QCOMPARE(str(info, "body"), body);
        QCOMPARE(str(info, "device_id"), a->deviceId());

        // A room key request answered by bob's first device (both devices trust each other).
        auto later = peer(*bob);
        QVERIFY(later);
        QVERIFY(!flag(later->eventInfo(roomId, eventId, 20000), "decrypted"));
        QVERIFY(b1->trustDevice(bob->userId, later->deviceId()));
        QVERIFY(later->trustDevice(bob->userId, b1->deviceId()));
        const QJsonObject requested = later->command(QStringLiteral("request_room_key"),
                                                     {{QStringLiteral("room_id"), roomId},
                                                      {QStringLiteral("event_id"), eventId}});
        QVERIFY2(flag(requested, "ok"), qPrintable(str(requested, "error")));
        QCOMPARE(str(requested, "session_id"), sessionId);
        QCOMPARE(str(later->waitForDecrypted(roomId, body, alice->userId, 60000), "event_id"), eventId);
    }

    // carol sends an event encrypted with alice's Megolm session: bob's nio decrypts it with alice's session
    // and reports carol as the sender (what an attacker could do; Estafette's tests check it refuses that).
    void forgedMegolmEventSentByAnotherUser()
    {
        const auto alice = user(QStringLiteral("alice"));
        const auto bob = user(QStringLiteral("bob"));
        const auto carol = user(QStringLiteral("carol"));
        QVERIFY(alice && bob && carol);
        auto a = peer(*alice);
        auto b = peer(*bob);
        auto c = peer(*carol);
        QVERIFY(a && b && c);
        const QString roomId = a->createEncryptedRoom(QStringLiteral("Usurpation"), {bob->userId, carol->userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(b->waitForInvite(roomId, 20000));
        QVERIFY(b->join(roomId));
        QVERIFY(c->waitForInvite(roomId, 20000));
        QVERIFY(c->join(roomId));

        // No outbound session yet: forging fails clearly.
        const QJsonObject tooEarly = a->command(QStringLiteral("forge_megolm"),
                                                {{QStringLiteral("room_id"), roomId},
                                                 {QStringLiteral("type"), QStringLiteral("m.room.message")},
                                                 {QStringLiteral("content"), text(QStringLiteral("trop tôt"))}});
        QCOMPARE(flag(tooEarly, "ok"), false);
        QVERIFY2(str(tooEarly, "error").contains(QStringLiteral("send a message")), qPrintable(str(tooEarly, "error")));

        const QString genuine = QStringLiteral("Vrai message d'alice");
        QVERIFY(!a->sendText(roomId, genuine).isEmpty());
        QVERIFY(!b->waitForDecrypted(roomId, genuine, alice->userId, 20000).isEmpty());
        const QString sessionId = a->outboundSessionId(roomId);

        const QString spoofed = QStringLiteral("Message usurpé");
        const QJsonObject forged = a->forgeMegolm(roomId, QStringLiteral("m.room.message"), text(spoofed));
        QCOMPARE(str(forged, "algorithm"), kMegolm);
        QCOMPARE(str(forged, "sender_key"), a->curve25519());
        QCOMPARE(str(forged, "session_id"), sessionId);
        QCOMPARE(str(forged, "device_id"), a->deviceId());
        QVERIFY(!str(forged, "ciphertext").isEmpty());
        QCOMPARE(a->outboundSessionId(roomId), sessionId); // forging neither rotates nor sends

        const QString eventId = c->sendRaw(roomId, QStringLiteral("m.room.encrypted"), forged);
        QVERIFY(eventId.startsWith(QLatin1Char('$')));
        const QJsonObject got = b->waitForDecrypted(roomId, spoofed, carol->userId, 20000);
        QCOMPARE(str(got, "event_id"), eventId);
        QCOMPARE(str(got, "sender"), carol->userId);
        QCOMPARE(str(got, "session_id"), sessionId);
        QCOMPARE(str(got, "sender_key"), a->curve25519());
        const QJsonObject info = b->eventInfo(roomId, eventId);
        QVERIFY(flag(info, "encrypted") && flag(info, "decrypted"));
        QCOMPARE(str(info, "device_id"), a->deviceId());

        // send_raw is never encrypted by nio, even in an encrypted room.
        const QString plain = QStringLiteral("En clair dans un salon chiffré");
        const QString plainId = c->sendRaw(roomId, QStringLiteral("m.room.message"), text(plain));
        QVERIFY(!plainId.isEmpty());
        const QJsonObject plainInfo = b->eventInfo(roomId, plainId, 20000);
        QCOMPARE(str(plainInfo, "type"), QStringLiteral("m.room.message"));
        QVERIFY(!flag(plainInfo, "encrypted"));
        QVERIFY(!flag(plainInfo, "decrypted"));
        QCOMPARE(str(plainInfo, "body"), plain);
        QVERIFY(b->waitForMessage(roomId, plain, carol->userId, 1000));
        const QJsonObject notEncrypted = b->command(QStringLiteral("wait_decrypted"),
                                                    {{QStringLiteral("room_id"), roomId},
                                                     {QStringLiteral("body"), plain},
                                                     {QStringLiteral("timeout_ms"), 1000}});
        QCOMPARE(flag(notEncrypted, "ok"), false);
    }

    // logout removes one device of a user from the server; the others still receive.
    void logoutRemovesTheDevice()
    {
        const auto alice = user(QStringLiteral("alice"));
        const auto bob = user(QStringLiteral("bob"));
        QVERIFY(alice && bob);
        auto a = peer(*alice);
        auto b1 = peer(*bob);
        auto b2 = peer(*bob);
        QVERIFY(a && b1 && b2);
        const QString roomId = a->createEncryptedRoom(QStringLiteral("Départ"), {bob->userId});
        QVERIFY(!roomId.isEmpty());
        QVERIFY(b1->waitForInvite(roomId, 20000));
        QVERIFY(b1->join(roomId));
        const QString first = QStringLiteral("Pour les deux appareils");
        QVERIFY(!a->sendText(roomId, first).isEmpty());
        QVERIFY(!b2->waitForDecrypted(roomId, first, alice->userId, 20000).isEmpty());

        const QString gone = b2->deviceId();
        QVERIFY(serverDevices(*a, bob->userId).contains(gone));
        QVERIFY(b2->logout());
        QVERIFY(!flag(b2->command(QStringLiteral("rooms")), "ok")); // the process has exited
        const QStringList left = serverDevices(*a, bob->userId);
        QVERIFY2(!left.contains(gone), qPrintable(left.join(QLatin1Char(' '))));
        QVERIFY(left.contains(b1->deviceId()));
        QVERIFY(!a->devices(bob->userId).contains(gone));

        const QString second = QStringLiteral("Pour l'appareil restant");
        QVERIFY(!a->sendText(roomId, second).isEmpty());
        QVERIFY(!b1->waitForDecrypted(roomId, second, alice->userId, 20000).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNioE2eePeer)
#include "test_nio_e2ee_peer.moc"
