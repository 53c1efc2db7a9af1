// To-device messages the CryptoMachine makes itself (forwarded room keys, key request cancellations) are kept in
// the store's to-device outbox until the server accepted them: after failed attempts and across restarts (store
// reopened, machine recreated) they are handed out again with the same transaction id and the same ciphertext,
// and reach their device exactly once; one the server refuses for good is dropped. Those still waiting for an Olm
// session (a forwarded key, the m.dummy of a broken channel) survive a restart before the key claim's answer. The fallback key a newer one
// replaced is forgotten an hour after the newer one was published, at the first sync that brings no to-device
// message, and not before (also across a restart). Against the fake homeserver of e2e_test_harness.h.
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

namespace {
constexpr qint64 kHour = 60 * 60 * 1000;

// The to-device requests of this event type in a list.
QList<CryptoRequest> toDevice(const QList<CryptoRequest> &requests, const QString &eventType)
{
    QList<CryptoRequest> out;
    for (const CryptoRequest &r : requests) {
        if (r.kind == CryptoRequest::Kind::ToDevice && r.eventType == eventType)
            out << r;
    }
    return out;
}

int countToDevice(const Client &c, const QString &type, const QString &sender)
{
    int n = 0;
    for (const Event &e : c.toDevice) {
        if (e.type() == type && e.sender() == sender)
            ++n;
    }
    return n;
}
} // namespace

class TestCryptoMachineToDevice : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { m_server.reset(); }

    void forwardedKeyIsSentAgainUntilDeliveredOnce()
    {
        setUp();
        const QJsonObject secret = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(alice2).ok);       // the history, without its key: a key request
        QVERIFY(m_server->pump(alice2));          // sent to Alice's devices
        QVERIFY(m_server->sync(*m_alice).ok);     // ALICE1 gets it and asks the person
        QVERIFY(m_server->pump(*m_alice));
        QVERIFY(m_alice->store->inTransaction([&] { return m_alice->m().approveOwnDevice(QStringLiteral("ALICE2")); }));

        // The forwarded key (after a claim of ALICE2's keys) fails three times: the same request every time.
        std::optional<CryptoRequest> first;
        for (int failures = 0; failures < 3;) {
            const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice);
            QVERIFY2(!requests.isEmpty(), "the forwarded key was not handed out again after a failure");
            for (const CryptoRequest &r : requests) {
                if (r.kind == CryptoRequest::Kind::ToDevice && r.eventType == QLatin1String("m.room.encrypted")) {
                    if (!first)
                        first = r;
                    QCOMPARE(r.id, first->id);
                    QCOMPARE(r.body, first->body); // the same ciphertext: the Olm ratchet moved once
                    m_alice->m().requestFailed(r);
                    ++failures;
                } else {
                    QVERIFY2(m_server->complete(*m_alice, r), qPrintable(m_server->error));
                }
            }
        }
        QCOMPARE(countToDevice(alice2, QStringLiteral("m.room.encrypted"), kAlice), 0);

        // The server takes it but its answer is lost; then ALICE1 restarts (store reopened, new machine).
        const QList<CryptoRequest> again = toDevice(m_server->takeRequests(*m_alice), QStringLiteral("m.room.encrypted"));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.at(0).id, first->id);
        QVERIFY(m_server->answer(*m_alice, again.at(0)));
        m_alice->m().requestFailed(again.at(0));
        QCOMPARE(countToDevice(alice2, QStringLiteral("m.room.encrypted"), kAlice), 1);
        QVERIFY2(m_server->restart(*m_alice), qPrintable(m_server->error));

        // After the restart it goes again, the same; this time the answer arrives, and it is done.
        const QList<CryptoRequest> afterRestart =
            toDevice(m_server->takeRequests(*m_alice), QStringLiteral("m.room.encrypted"));
        QCOMPARE(afterRestart.size(), 1);
        QCOMPARE(afterRestart.at(0).id, first->id);
        QCOMPARE(afterRestart.at(0).body, first->body);
        QVERIFY(m_server->complete(*m_alice, afterRestart.at(0)));
        QVERIFY(toDevice(m_server->takeRequests(*m_alice), QStringLiteral("m.room.encrypted")).isEmpty());
        QVERIFY(m_alice->cs().queuedToDevice().isEmpty());
        QVERIFY2(m_server->restart(*m_alice), qPrintable(m_server->error));
        QVERIFY(toDevice(m_server->takeRequests(*m_alice), QStringLiteral("m.room.encrypted")).isEmpty());

        // Delivered once, and it decrypts the history.
        QCOMPARE(countToDevice(alice2, QStringLiteral("m.room.encrypted"), kAlice), 1);
        const SyncResult arrived = m_server->sync(alice2);
        QVERIFY(arrived.ok);
        QCOMPARE(arrived.redecrypted.value(kRoom).size(), 1);
        QCOMPARE(bodyOf(arrived.redecrypted.value(kRoom).at(0)), QStringLiteral("secret"));
        QCOMPARE(eventIdOf(secret), arrived.redecrypted.value(kRoom).at(0).eventId());
    }

    void forwardedKeyWaitingForAClaimSurvivesARestart()
    {
        setUp();
        const QJsonObject secret = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        // Approved: no Olm session with ALICE2 yet, so the forwarded key waits for a claim, kept without its key.
        QVERIFY(m_alice->store->inTransaction([&] { return m_alice->m().approveOwnDevice(QStringLiteral("ALICE2")); }));
        const QList<AwaitingOlmMessage> waiting = m_alice->cs().awaitingOlmMessages();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.at(0).deviceId, QStringLiteral("ALICE2"));
        QCOMPARE(waiting.at(0).type, QStringLiteral("m.forwarded_room_key"));
        QVERIFY(!waiting.at(0).content.contains("session_key"));
        QVERIFY(findRequest(m_server->takeRequests(*m_alice), CryptoRequest::Kind::KeysClaim)); // never answered

        // ALICE1 restarts before the claim's answer: the claim is made again and the key goes out.
        QVERIFY2(m_server->restart(*m_alice), qPrintable(m_server->error));
        QVERIFY(m_server->pump(*m_alice));
        QVERIFY(m_alice->cs().awaitingOlmMessages().isEmpty());
        QCOMPARE(countToDevice(alice2, QStringLiteral("m.room.encrypted"), kAlice), 1);
        const SyncResult arrived = m_server->sync(alice2);
        QVERIFY(arrived.ok);
        QCOMPARE(arrived.redecrypted.value(kRoom).size(), 1);
        QCOMPARE(arrived.redecrypted.value(kRoom).at(0).eventId(), eventIdOf(secret));
        QCOMPARE(bodyOf(arrived.redecrypted.value(kRoom).at(0)), QStringLiteral("secret"));
    }

    void dummyOfABrokenChannelSurvivesARestart()
    {
        setUp();
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const int bobSessions = int(m_bob->cs().olmSessions(m_alice->curve()).size());
        // Later, a message from Alice that Bob can't decrypt: Bob starts a new session, with an m.dummy over it.
        m_server->now += 2 * kHour; // (at most one new session per device and hour)
        m_bob->toDevice.append(undecryptable(*m_alice, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        const QList<AwaitingOlmMessage> waiting = m_bob->cs().awaitingOlmMessages();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.at(0).type, QStringLiteral("m.dummy"));
        QVERIFY(waiting.at(0).forceNewSession);
        QVERIFY(findRequest(m_server->takeRequests(*m_bob), CryptoRequest::Kind::KeysClaim)); // never answered

        // Bob restarts before the claim's answer (the sync that broke is stored: it won't come again).
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        const int before = countToDevice(*m_alice, QStringLiteral("m.room.encrypted"), kBob);
        QVERIFY(m_server->pump(*m_bob));
        QVERIFY(m_bob->cs().awaitingOlmMessages().isEmpty());
        QCOMPARE(int(m_bob->cs().olmSessions(m_alice->curve()).size()), bobSessions + 1);
        QCOMPARE(countToDevice(*m_alice, QStringLiteral("m.room.encrypted"), kBob), before + 1);
    }

    void keyRequestCancellationSurvivesARestart()
    {
        setUp();
        m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(m_server->pump(alice2)); // the request went out
        QCOMPARE(alice2.cs().keyRequests().size(), 1);
        const QString requestId = alice2.cs().keyRequests().at(0).requestId;

        // ALICE1 forwards the key: the request ends and must be cancelled at Alice's other devices.
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QVERIFY(m_alice->store->inTransaction([&] { return m_alice->m().approveOwnDevice(QStringLiteral("ALICE2")); }));
        QVERIFY(m_server->pump(*m_alice));
        QVERIFY(m_server->sync(alice2).ok); // the forwarded key: the request ends, its cancellation is queued
        QVERIFY(alice2.cs().keyRequests().isEmpty());

        const QList<CryptoRequest> cancels = toDevice(m_server->takeRequests(alice2), QStringLiteral("m.room_key_request"));
        QCOMPARE(cancels.size(), 1);
        const QJsonObject content =
            cancels.at(0).body.value("messages").toObject().value(kAlice).toObject().value("*").toObject();
        QCOMPARE(content.value("action").toString(), QStringLiteral("request_cancellation"));
        QCOMPARE(content.value("request_id").toString(), requestId);
        alice2.m().requestFailed(cancels.at(0));
        QVERIFY2(m_server->restart(alice2), qPrintable(m_server->error));

        const QList<CryptoRequest> again = toDevice(m_server->takeRequests(alice2), QStringLiteral("m.room_key_request"));
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.at(0).id, cancels.at(0).id);
        QCOMPARE(again.at(0).body, cancels.at(0).body);
        QVERIFY(m_server->complete(alice2, again.at(0)));
        QVERIFY(m_server->pump(alice2));
        QVERIFY(toDevice(m_server->takeRequests(alice2), QStringLiteral("m.room_key_request")).isEmpty());
        QCOMPARE(countToDevice(*m_alice, QStringLiteral("m.room_key_request"), kAlice), 1); // delivered once
    }

    void toDeviceRefusedForGoodIsDropped()
    {
        setUp();
        m_server->sendMessage(*m_bob, kRoom, QStringLiteral("secret"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(alice2).ok);
        QVERIFY(m_server->pump(alice2));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->pump(*m_alice));
        QVERIFY(m_alice->store->inTransaction([&] { return m_alice->m().approveOwnDevice(QStringLiteral("ALICE2")); }));
        std::optional<CryptoRequest> forwarded;
        for (int round = 0; round < 5 && !forwarded; ++round) {
            for (const CryptoRequest &r : m_server->takeRequests(*m_alice)) {
                if (r.kind == CryptoRequest::Kind::ToDevice && r.eventType == QLatin1String("m.room.encrypted"))
                    forwarded = r;
                else
                    QVERIFY(m_server->complete(*m_alice, r));
            }
        }
        QVERIFY(forwarded);
        QCOMPARE(m_alice->cs().queuedToDevice().size(), 1);
        m_alice->m().requestFailed(*forwarded, CryptoMachine::Failure::Refused);
        QVERIFY(m_alice->cs().queuedToDevice().isEmpty());
        QVERIFY(toDevice(m_server->takeRequests(*m_alice), QStringLiteral("m.room.encrypted")).isEmpty());
    }

    void replacedFallbackKeyIsForgottenAfterItsGracePeriod()
    {
        setUp();
        Client &carol = m_server->addClient(kCarol, QStringLiteral("CAROL1"));
        QVERIFY(carol.machine);
        QVERIFY(m_server->pump(carol));
        // Bob's one-time keys are gone: Carol gets his fallback key, which the server then reports used.
        m_server->dropOneTimeKeys(kBob, QStringLiteral("BOB1"));
        const QString oldId = m_server->keys[kBob][QStringLiteral("BOB1")].fallbackId;
        const QJsonObject oldKey = m_server->claimKeyObject(kBob, QStringLiteral("BOB1"));
        QVERIFY(oldKey.value("fallback").toBool());
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob)); // a new fallback key published: from now on the server hands it out
        QVERIFY(m_server->keys[kBob][QStringLiteral("BOB1")].fallbackId != oldId);

        // Pre-key messages made with the old key still open sessions during the grace period...
        QVERIFY(opensSession(carol, oldKey));
        m_server->now += kHour - 60 * 1000;
        QVERIFY(m_server->sync(*m_bob).ok); // nothing to-device, but not an hour yet
        QVERIFY(opensSession(carol, oldKey));

        // ...also after a restart, and in the first sync after the hour that brings to-device messages.
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        m_server->now += 2 * 60 * 1000;
        QVERIFY(opensSession(carol, oldKey));

        // The next sync without to-device messages forgets it: a pre-key message made with it no longer decrypts.
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(!opensSession(carol, oldKey));
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        QVERIFY(!opensSession(carol, oldKey));

        // The new fallback key works.
        m_server->dropOneTimeKeys(kBob, QStringLiteral("BOB1"));
        const QJsonObject newKey = m_server->claimKeyObject(kBob, QStringLiteral("BOB1"));
        QVERIFY(newKey.value("fallback").toBool());
        QVERIFY(newKey.value("key") != oldKey.value("key"));
        QVERIFY(opensSession(carol, newKey));
    }

private:
    void setUp()
    {
        m_server = std::make_unique<FakeHomeserver>();
        m_alice = &m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        m_bob = &m_server->addClient(kBob, QStringLiteral("BOB1"));
        m_server->createRoom(kRoom, {kAlice, kBob});
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
    }

    // `from` opens a new Olm session to Bob with `keyObject` (from /keys/claim) and sends a room key over it in
    // Bob's next sync: whether Bob could decrypt that pre-key message (and so keeps the room key).
    bool opensSession(Client &from, const QJsonObject &keyObject)
    {
        auto olm = from.m().account().olm().createOutboundSession(m_bob->curve(), keyObject.value("key").toString());
        if (!olm)
            return false;
        RawMegolm megolm = m_server->rawMegolm(from);
        if (!m_server->sendRawOlm(from, *olm.value(), *m_bob,
                                  FakeHomeserver::olmPayload(from, *m_bob, QStringLiteral("m.room_key"),
                                                             FakeHomeserver::roomKeyContent(kRoom, megolm))))
            return false;
        if (!m_server->sync(*m_bob).ok)
            return false;
        return m_bob->cs().inboundGroupSession(kRoom, from.curve(), megolm.sessionId).has_value();
    }

    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
};

QTEST_GUILESS_MAIN(TestCryptoMachineToDevice)
#include "test_crypto_machine_to_device.moc"
