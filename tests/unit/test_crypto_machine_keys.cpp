// Sending, sender trust and key requests through CryptoMachines against the fake homeserver (e2e_test_harness.h):
// nextShareStep goes Query -> Claim -> ToDevice -> Ready and nothing is encrypted before; an event whose session
// belongs to another user's device is a Mismatch; a missing key is asked of our own devices, forwarded by one of
// them over Olm and accepted (Forwarded), then the request is cancelled; forwarded keys from someone else's
// device, or that we never asked for, are ignored; key requests of other users are not answered.
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

namespace {
// The m.room_key_request contents of to-device requests.
QList<QJsonObject> keyRequestContents(const QList<CryptoRequest> &requests, const QString &userId)
{
    QList<QJsonObject> contents;
    for (const CryptoRequest &r : requests) {
        if (r.kind != CryptoRequest::Kind::ToDevice || r.eventType != QLatin1String("m.room_key_request"))
            continue;
        const QJsonObject perUser = r.body.value("messages").toObject().value(userId).toObject();
        for (auto it = perUser.constBegin(); it != perUser.constEnd(); ++it) {
            QJsonObject c = it.value().toObject();
            c.insert(QStringLiteral("to_device"), it.key());
            contents << c;
        }
    }
    return contents;
}
} // namespace

class TestCryptoMachineKeys : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { m_server.reset(); }

    void shareStepsGoQueryClaimToDeviceReady()
    {
        m_server = std::make_unique<FakeHomeserver>();
        Client &alice = m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        Client &bob = m_server->addClient(kBob, QStringLiteral("BOB1"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error)); // keys published; no room yet
        QVERIFY(!alice.m().trackedUsers().contains(kBob));
        m_server->createRoom(kRoom, {kAlice, kBob});
        QVERIFY(m_server->sync(alice).ok);
        QVERIFY(m_server->sync(bob).ok);

        // Nothing to encrypt with before the room key was shared: an error, never plaintext.
        const auto tooEarly = m_server->encrypt(alice, kRoom, QStringLiteral("m.room.message"),
                                                QJsonObject{{"msgtype", "m.text"}, {"body", "too early"}});
        QVERIFY(!tooEarly);
        QVERIFY(!alice.cs().outboundGroupSession(kRoom));

        QStringList steps;
        QVERIFY2(m_server->share(alice, kRoom, &steps), qPrintable(m_server->error));
        QCOMPARE(steps, (QStringList{QStringLiteral("Query"), QStringLiteral("Claim"), QStringLiteral("ToDevice"),
                                     QStringLiteral("Ready")}));
        steps.clear();
        QVERIFY(m_server->share(alice, kRoom, &steps));
        QCOMPARE(steps, QStringList{QStringLiteral("Ready")});

        const auto content = m_server->encrypt(alice, kRoom, QStringLiteral("m.room.message"),
                                               QJsonObject{{"msgtype", "m.text"}, {"body", "now"}});
        QVERIFY(content);
        QCOMPARE(content->value("algorithm").toString(), kMegolm);
        QVERIFY(!QJsonDocument(*content).toJson().contains("now"));
        const QJsonObject event = m_server->roomEvent(kAlice, QStringLiteral("m.room.encrypted"), *content);
        m_server->deliver(kRoom, event);
        QCOMPARE(bodyOf(m_server->sync(bob).event(kRoom, eventIdOf(event))), QStringLiteral("now"));
    }

    void shareWaitsForAQueryInFlight()
    {
        setUp();
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice); // a query of Bob goes out
        QVERIFY(findRequest(requests, CryptoRequest::Kind::KeysQuery));
        CryptoMachine::ShareStep step = m_alice->m().nextShareStep(kRoom, m_server->members(kRoom));
        QCOMPARE(step.kind, CryptoMachine::ShareStep::Kind::Wait);
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(*m_alice, r));
        QStringList steps;
        QVERIFY2(m_server->share(*m_alice, kRoom, &steps), qPrintable(m_server->error));
        QCOMPARE(steps.first(), QStringLiteral("Claim"));
        QCOMPARE(steps.last(), QStringLiteral("Ready"));
    }

    void sessionOfAnotherUsersDeviceIsAMismatch()
    {
        setUp(true);
        // A real message of Carol: known device.
        const QJsonObject real = m_server->sendMessage(*m_carol, kRoom, QStringLiteral("from Carol"));
        QVERIFY2(!real.isEmpty(), qPrintable(m_server->error));
        SyncResult first = m_server->sync(*m_bob);
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(real))).trust, SenderTrust::KnownDevice);
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(real))).deviceId, QStringLiteral("CAROL1"));

        // The server says Alice sent the next one, encrypted with Carol's session.
        QJsonObject spoof = m_server->makeMessage(*m_carol, kRoom, QStringLiteral("from Alice, really"));
        QVERIFY(!spoof.isEmpty());
        spoof.insert(QStringLiteral("sender"), kAlice);
        m_server->deliver(kRoom, spoof, m_bob);
        SyncResult second = m_server->sync(*m_bob);
        const auto spoofed = second.event(kRoom, eventIdOf(spoof));
        QVERIFY(statusOf(spoofed).decrypted);
        QCOMPARE(bodyOf(spoofed), QStringLiteral("from Alice, really"));
        QCOMPARE(statusOf(spoofed).trust, SenderTrust::Mismatch);
        QVERIFY(statusOf(spoofed).deviceId.isEmpty());
    }

    void sessionOfAnUnknownDeviceIsAMismatchOnceTheSendersListIsKnown()
    {
        setUp();
        // Dave shares no room with Bob: Bob has never seen Dave's device, but takes a room key from it.
        Client &dave = m_server->addClient(kDave, QStringLiteral("DAVE1"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        auto olm = m_server->rawOlmSession(dave, *m_bob);
        QVERIFY(olm);
        RawMegolm megolm = m_server->rawMegolm(dave);
        QVERIFY(m_server->sendRawOlm(dave, *olm, *m_bob,
                                     FakeHomeserver::olmPayload(dave, *m_bob, QStringLiteral("m.room_key"),
                                                                FakeHomeserver::roomKeyContent(kRoom, megolm))));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, dave.curve(), megolm.sessionId));
        QVERIFY(!m_bob->cs().deviceByCurveKey(dave.curve()));
        auto event = [&](const QString &sender, const QString &body) {
            return m_server->roomEvent(sender, QStringLiteral("m.room.encrypted"),
                                       FakeHomeserver::megolmContent(megolm, dave, FakeHomeserver::textPayload(kRoom, body)));
        };

        // From Dave, whose devices Bob doesn't follow: unknown device, not a mismatch.
        const QJsonObject fromDave = event(kDave, QStringLiteral("one"));
        // Claimed to be Alice's while Bob's copy of Alice's list is outdated: unknown too.
        m_server->logChange(kAlice);
        const QJsonObject whileOutdated = event(kAlice, QStringLiteral("two"));
        m_server->deliver(kRoom, fromDave, m_bob);
        m_server->deliver(kRoom, whileOutdated, m_bob);
        SyncResult first = m_server->sync(*m_bob);
        QVERIFY(!m_bob->m().isDeviceListCurrent(kAlice));
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(fromDave))).trust, SenderTrust::UnknownDevice);
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(whileOutdated))).trust, SenderTrust::UnknownDevice);

        // Once Alice's list is known and lacks that device: a mismatch.
        QVERIFY(m_server->pump(*m_bob));
        QVERIFY(m_bob->m().isDeviceListCurrent(kAlice));
        const QJsonObject known = event(kAlice, QStringLiteral("three"));
        m_server->deliver(kRoom, known, m_bob);
        SyncResult second = m_server->sync(*m_bob);
        QCOMPARE(bodyOf(second.event(kRoom, eventIdOf(known))), QStringLiteral("three"));
        QCOMPARE(statusOf(second.event(kRoom, eventIdOf(known))).trust, SenderTrust::Mismatch);
    }

    void missingKeyIsRequestedFromOwnDevicesAndForwarded()
    {
        setUp();
        const QJsonObject secret = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = newOwnDevice();
        const QString sessionId = sessionOf(secret);

        // The history arrives without its key: missing, and a request stored.
        SyncResult first = m_server->sync(alice2);
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(secret))).error, DecryptionError::MissingKey);
        QCOMPARE(alice2.cs().keyRequests().size(), 1);
        const StoredKeyRequest stored = alice2.cs().keyRequests().at(0);
        QCOMPARE(stored.sessionId, sessionId);
        QCOMPARE(stored.senderKey, m_bob->curve());
        QVERIFY(!stored.sent);

        // Sent to all our devices, and only to ours.
        const QList<CryptoRequest> requests = m_server->takeRequests(alice2);
        const QList<QJsonObject> asked = keyRequestContents(requests, kAlice);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.at(0).value("to_device").toString(), QStringLiteral("*"));
        QCOMPARE(asked.at(0).value("action").toString(), QStringLiteral("request"));
        QCOMPARE(asked.at(0).value("request_id").toString(), stored.requestId);
        QCOMPARE(asked.at(0).value("requesting_device_id").toString(), QStringLiteral("ALICE2"));
        const QJsonObject body = asked.at(0).value("body").toObject();
        QCOMPARE(body.value("room_id").toString(), kRoom);
        QCOMPARE(body.value("session_id").toString(), sessionId);
        QCOMPARE(body.value("sender_key").toString(), m_bob->curve());
        QCOMPARE(body.value("algorithm").toString(), kMegolm);
        QVERIFY(keyRequestContents(requests, kBob).isEmpty());
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(alice2, r));
        QVERIFY(alice2.cs().keyRequests().at(0).sent);
        QVERIFY(keyRequestContents(m_server->takeRequests(alice2), kAlice).isEmpty()); // once

        // Alice's first device learns of the new device and asks the person first: nothing is shared yet.
        const int encryptedBefore =
            m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted"));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted")),
                 encryptedBefore);
        const QList<StoredDevice> asking = m_alice->m().takeDevicesAwaitingApproval();
        QCOMPARE(asking.size(), 1);
        QCOMPARE(asking.at(0).deviceId, QStringLiteral("ALICE2"));
        QVERIFY(m_alice->m().takeDevicesAwaitingApproval().isEmpty()); // reported once

        // Approved: it opens an Olm session with the new device and forwards the key.
        QVERIFY(approve(*m_alice, QStringLiteral("ALICE2")));
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted")) > encryptedBefore, true);
        QVERIFY(m_bob->toDevice.isEmpty());

        SyncResult second = m_server->sync(alice2);
        QVERIFY(second.ok);
        QCOMPARE(second.redecrypted.value(kRoom).size(), 1);
        const Event decrypted = second.redecrypted.value(kRoom).at(0);
        QCOMPARE(decrypted.eventId(), eventIdOf(secret));
        QCOMPARE(bodyOf(decrypted), QStringLiteral("secret"));
        QCOMPARE(statusOf(decrypted).trust, SenderTrust::Forwarded);
        const auto row = alice2.cs().timelineEvent(kRoom, eventIdOf(secret));
        QCOMPARE(row->value("content").toObject().value("body").toString(), QStringLiteral("secret"));
        const auto inbound = alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionId);
        QVERIFY(inbound && inbound->imported);
        QCOMPARE(inbound->forwardingChain, QStringList{m_alice->curve()});
        QCOMPARE(inbound->claimedEd25519, m_bob->ed());

        // The request is done: removed, and cancelled at our other devices.
        QVERIFY(alice2.cs().keyRequests().isEmpty());
        const QList<QJsonObject> cancelled = keyRequestContents(m_server->takeRequests(alice2), kAlice);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(cancelled.at(0).value("action").toString(), QStringLiteral("request_cancellation"));
        QCOMPARE(cancelled.at(0).value("request_id").toString(), stored.requestId);
        QCOMPARE(cancelled.at(0).value("to_device").toString(), QStringLiteral("*"));
    }

    void forwardedKeysFromOthersOrNotAskedForAreIgnored()
    {
        setUp();
        const QJsonObject secret = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = newOwnDevice();
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(m_server->pump(alice2));
        QCOMPARE(alice2.cs().keyRequests().size(), 1);
        const QString sessionId = sessionOf(secret);
        const QJsonObject forwarded = forwardedKey(*m_bob, sessionId);
        QVERIFY(!forwarded.isEmpty());

        // From Bob's device (the key's creator, but not one of our devices): ignored although we asked for it.
        auto fromBob = m_server->rawOlmSession(*m_bob, alice2);
        QVERIFY(fromBob);
        QVERIFY(m_server->sendRawOlm(*m_bob, *fromBob, alice2,
                                     FakeHomeserver::olmPayload(*m_bob, alice2, QStringLiteral("m.forwarded_room_key"), forwarded)));
        SyncResult afterBob = m_server->sync(alice2);
        QVERIFY(afterBob.redecrypted.isEmpty());
        QVERIFY(!alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionId));

        // From our own device, but for a session we never asked for: ignored.
        auto fromAlice = m_server->rawOlmSession(*m_alice, alice2);
        QVERIFY(fromAlice);
        RawMegolm unasked = m_server->rawMegolm(*m_bob);
        auto exported = m_bob->backend->createMegolmInboundSession(unasked.sessionKey).value()->exportAt(0);
        QJsonObject unaskedKey = forwarded;
        unaskedKey.insert(QStringLiteral("session_id"), unasked.sessionId);
        unaskedKey.insert(QStringLiteral("session_key"), QString::fromLatin1(exported.value()));
        QVERIFY(m_server->sendRawOlm(*m_alice, *fromAlice, alice2,
                                     FakeHomeserver::olmPayload(*m_alice, alice2, QStringLiteral("m.forwarded_room_key"), unaskedKey)));
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(!alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), unasked.sessionId));
        QVERIFY(alice2.cs().inboundGroupSessions(kRoom).isEmpty());

        // From our own device, asked for: accepted, and the waiting event decrypted.
        QVERIFY(m_server->sendRawOlm(*m_alice, *fromAlice, alice2,
                                     FakeHomeserver::olmPayload(*m_alice, alice2, QStringLiteral("m.forwarded_room_key"), forwarded)));
        SyncResult accepted = m_server->sync(alice2);
        QCOMPARE(accepted.redecrypted.value(kRoom).size(), 1);
        QCOMPARE(bodyOf(accepted.redecrypted.value(kRoom).at(0)), QStringLiteral("secret"));
    }

    void laterDirectKeyKeepsTheRequestForEarlierMessages()
    {
        setUp();
        const QJsonObject before = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("before"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = newOwnDevice();
        SyncResult first = m_server->sync(alice2);
        QCOMPARE(statusOf(first.event(kRoom, eventIdOf(before))).error, DecryptionError::MissingKey);
        QVERIFY(m_server->pump(alice2)); // the key request goes out (Alice's first device hasn't seen it yet)

        // Bob sends again: the room key reaches the new device directly, from the current index on.
        QVERIFY(m_server->sync(*m_bob).ok);
        const QJsonObject after = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("after"));
        QVERIFY2(!after.isEmpty(), qPrintable(m_server->error));
        QCOMPARE(sessionOf(after), sessionOf(before));
        SyncResult second = m_server->sync(alice2);
        QCOMPARE(bodyOf(second.event(kRoom, eventIdOf(after))), QStringLiteral("after"));
        QCOMPARE(alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionOf(before))->firstKnownIndex, 1u);
        const auto row = alice2.cs().timelineEvent(kRoom, eventIdOf(before));
        QCOMPARE(statusOf(Event(*row)).error, DecryptionError::UnknownIndex);
        // That key doesn't decrypt the earlier message: still waiting, still asked for.
        QCOMPARE(alice2.cs().pendingDecryptions(kRoom, m_bob->curve(), sessionOf(before)), QStringList{eventIdOf(before)});
        QCOMPARE(alice2.cs().keyRequests().size(), 1);

        // The forwarded key (from index 0) arrives, once the new device is approved, and decrypts it in place.
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice)); // learns of the new device
        QVERIFY(approve(*m_alice, QStringLiteral("ALICE2")));
        QVERIFY(m_server->pump(*m_alice));
        SyncResult third = m_server->sync(alice2);
        QCOMPARE(third.redecrypted.value(kRoom).size(), 1);
        QCOMPARE(bodyOf(third.redecrypted.value(kRoom).at(0)), QStringLiteral("before"));
        QCOMPARE(alice2.cs().timelineEvent(kRoom, eventIdOf(before))->value("content").toObject().value("body").toString(),
                 QStringLiteral("before"));
        QVERIFY(alice2.cs().keyRequests().isEmpty());
        QVERIFY(alice2.cs().pendingDecryptions(kRoom, m_bob->curve(), sessionOf(before)).isEmpty());
    }

    // A forwarded key with the real session id but another ratchet (the exported format carries no signature)
    // must not replace the key we have: it would break every message we can read.
    void forgedForwardedKeyDoesNotReplaceTheRealOne()
    {
        setUp();
        const QJsonObject before = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("before"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = newOwnDevice();
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(m_server->pump(alice2)); // the key request goes out
        QVERIFY(m_server->sync(*m_bob).ok);
        const QJsonObject after = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("after"));
        QVERIFY2(!after.isEmpty(), qPrintable(m_server->error));
        QVERIFY(m_server->sync(alice2).ok); // the direct key, from index 1
        QCOMPARE(alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionOf(before))->firstKnownIndex, 1u);

        // Forged: the genuine export from index 0 with one ratchet byte changed (same session id).
        QJsonObject forged = forwardedKey(*m_bob, sessionOf(before));
        QByteArray bytes = QByteArray::fromBase64(forged.value("session_key").toString().toLatin1());
        QVERIFY(bytes.size() > 40);
        bytes[10] = char(bytes[10] ^ 0x5a);
        forged.insert("session_key", QString::fromLatin1(bytes.toBase64(QByteArray::OmitTrailingEquals)));
        auto fromAlice = m_server->rawOlmSession(*m_alice, alice2);
        QVERIFY(fromAlice);
        QVERIFY(m_server->sendRawOlm(*m_alice, *fromAlice, alice2,
                                     FakeHomeserver::olmPayload(*m_alice, alice2, QStringLiteral("m.forwarded_room_key"),
                                                                forged)));
        QVERIFY(m_server->sync(alice2).ok);
        const auto kept = alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionOf(before));
        QCOMPARE(kept->firstKnownIndex, 1u);
        QVERIFY(!kept->imported);
        QCOMPARE(alice2.cs().keyRequests().size(), 1); // still waiting for the real one

        // The genuine forwarded key is accepted and decrypts the earlier message.
        QVERIFY(m_server->sendRawOlm(*m_alice, *fromAlice, alice2,
                                     FakeHomeserver::olmPayload(*m_alice, alice2, QStringLiteral("m.forwarded_room_key"),
                                                                forwardedKey(*m_bob, sessionOf(before)))));
        SyncResult genuine = m_server->sync(alice2);
        QCOMPARE(bodyOf(genuine.redecrypted.value(kRoom).value(0)), QStringLiteral("before"));
        QCOMPARE(alice2.cs().inboundGroupSession(kRoom, m_bob->curve(), sessionOf(before))->firstKnownIndex, 0u);
    }

    void keyArrivingWhileItsRequestIsInFlightStillCancelsIt()
    {
        setUp();
        const QJsonObject secret = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = newOwnDevice();
        QVERIFY(m_server->sync(alice2).ok);
        const QList<CryptoRequest> requests = m_server->takeRequests(alice2);
        const QList<QJsonObject> asked = keyRequestContents(requests, kAlice);
        QCOMPARE(asked.size(), 1);

        // The key arrives before the server confirmed the request.
        auto fromAlice = m_server->rawOlmSession(*m_alice, alice2);
        QVERIFY(fromAlice);
        QVERIFY(m_server->sendRawOlm(*m_alice, *fromAlice, alice2,
                                     FakeHomeserver::olmPayload(*m_alice, alice2, QStringLiteral("m.forwarded_room_key"),
                                                                forwardedKey(*m_bob, sessionOf(secret)))));
        SyncResult arrived = m_server->sync(alice2);
        QCOMPARE(bodyOf(arrived.redecrypted.value(kRoom).value(0)), QStringLiteral("secret"));
        QVERIFY(alice2.cs().keyRequests().isEmpty());

        // The request did reach our devices: it is cancelled once it went out.
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(alice2, r));
        const QList<QJsonObject> cancelled = keyRequestContents(m_server->takeRequests(alice2), kAlice);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(cancelled.at(0).value("action").toString(), QStringLiteral("request_cancellation"));
        QCOMPARE(cancelled.at(0).value("request_id").toString(), asked.at(0).value("request_id").toString());
        QVERIFY(alice2.cs().keyRequests().isEmpty());
    }

    void keyRequestsOfOtherUsersAreNotAnswered()
    {
        setUp();
        const QJsonObject mine = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("mine"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const int sent = m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice);
        const QJsonObject request{
            {"action", "request"}, {"request_id", "bobs-request"}, {"requesting_device_id", "BOB1"},
            {"body", QJsonObject{{"algorithm", kMegolm}, {"room_id", kRoom}, {"sender_key", m_alice->curve()},
                                 {"session_id", sessionOf(mine)}}}};
        m_alice->toDevice.append(Event(QJsonObject{{"type", "m.room_key_request"}, {"sender", kBob}, {"content", request}}));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice), sent);
        QVERIFY(m_bob->toDevice.isEmpty());

        // Nor when Bob names one of our devices as the requester.
        Client &alice2 = newOwnDevice();
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const int beforeNamed = m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice);
        QJsonObject named = request;
        named.insert("requesting_device_id", "ALICE2");
        m_alice->toDevice.append(Event(QJsonObject{{"type", "m.room_key_request"}, {"sender", kBob}, {"content", named}}));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice), beforeNamed);
        QVERIFY(alice2.toDevice.isEmpty());

        // The same request from one of our own devices is answered, over Olm, to that device only, once the
        // person approved that device (not before).
        const int answered = m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted"));
        QJsonObject own = request;
        own.insert("requesting_device_id", "ALICE2");
        own.insert("request_id", "alices-request");
        m_alice->toDevice.append(Event(QJsonObject{{"type", "m.room_key_request"}, {"sender", kAlice}, {"content", own}}));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted")),
                 answered);
        QVERIFY(alice2.toDevice.isEmpty());
        QVERIFY(!approve(*m_alice, QStringLiteral("ALICE1"))); // never ourselves
        QVERIFY(approve(*m_alice, QStringLiteral("ALICE2")));
        QVERIFY(m_server->pump(*m_alice));
        QCOMPARE(m_server->countRequests(*m_alice, CryptoRequest::Kind::ToDevice, QStringLiteral("m.room.encrypted")),
                 answered + 1);
        QCOMPARE(alice2.toDevice.size(), 1);
        QVERIFY(m_bob->toDevice.isEmpty());
    }

private:
    // The person approves one of c's own devices for key sharing (in a transaction, as CryptoSession does).
    static bool approve(Client &c, const QString &deviceId)
    {
        return c.store->inTransaction([&] { return c.m().approveOwnDevice(deviceId); });
    }

    void setUp(bool withCarol = false)
    {
        m_server = std::make_unique<FakeHomeserver>();
        m_alice = &m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        m_bob = &m_server->addClient(kBob, QStringLiteral("BOB1"));
        QStringList members{kAlice, kBob};
        if (withCarol) {
            m_carol = &m_server->addClient(kCarol, QStringLiteral("CAROL1"));
            members << kCarol;
        }
        m_server->createRoom(kRoom, members);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
    }

    // Alice signs in on a second device: its keys published, its own device list known; the room's history
    // waits in its next sync.
    Client &newOwnDevice()
    {
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        m_server->pump(alice2);
        return alice2;
    }

    // An m.forwarded_room_key content for the session `creator` created in the room, exported from index 0.
    QJsonObject forwardedKey(Client &creator, const QString &sessionId)
    {
        const auto stored = creator.cs().inboundGroupSession(kRoom, creator.curve(), sessionId);
        if (!stored)
            return {};
        auto session = creator.backend->unpickleMegolmInboundSession(stored->pickle, creator.m().account().pickleKey());
        if (!session)
            return {};
        auto exported = session.value()->exportAt(0);
        return QJsonObject{{"algorithm", kMegolm},
                           {"room_id", kRoom},
                           {"sender_key", creator.curve()},
                           {"session_id", sessionId},
                           {"session_key", QString::fromLatin1(exported.value())},
                           {"sender_claimed_ed25519_key", creator.ed()},
                           {"forwarding_curve25519_key_chain", QJsonArray{}}};
    }

    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
    Client *m_carol = nullptr;
};

QTEST_GUILESS_MAIN(TestCryptoMachineKeys)
#include "test_crypto_machine_keys.moc"
