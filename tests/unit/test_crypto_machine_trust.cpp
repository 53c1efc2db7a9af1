// Sender trust judged again when device lists change, through CryptoMachines against the fake homeserver
// (e2e_test_harness.h): the first message of a new device, decrypted before its keys were queried, is "unknown
// device"; the /keys/query that lists the device with the session's keys makes the stored event "known" (and
// hands it out to be shown), which stays so after a restart, also when the restart came between the two; a device
// listed later with an ed25519 key other than the one the session claimed makes it a mismatch, and so does a list
// that is now known and lacks the device.
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

class TestCryptoMachineTrust : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { m_server.reset(); }

    void newDevicesFirstMessageIsConfirmedOnceItsKeysAreQueried()
    {
        setUp();
        const QString eventId = firstMessageOfANewDevice();
        QVERIFY(!eventId.isEmpty());

        // Bob queries Alice's devices: the stored event is judged again, known now, and handed out for the screen.
        QVERIFY2(m_server->pump(*m_bob), qPrintable(m_server->error));
        QVERIFY(m_bob->m().isDeviceListCurrent(kAlice));
        const EncryptionStatus after = storedStatus(*m_bob, eventId);
        QCOMPARE(after.trust, SenderTrust::KnownDevice);
        QCOMPARE(after.deviceId, QStringLiteral("ALICE2"));
        const QList<Event> shown = m_bob->rejudged.value(kRoom);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).eventId(), eventId);
        QCOMPARE(encryptionStatus(shown.at(0)).trust, SenderTrust::KnownDevice);
        QCOMPARE(shown.at(0).content().value("body").toString(), QStringLiteral("first from ALICE2"));

        // A restart (store closed and opened again) keeps the verdict; later queries have nothing more to change.
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        QCOMPARE(storedStatus(*m_bob, eventId).trust, SenderTrust::KnownDevice);
        m_bob->rejudged.clear();
        m_server->logChange(kAlice);
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob));
        QVERIFY(m_bob->rejudged.isEmpty());
        QCOMPARE(storedStatus(*m_bob, eventId).trust, SenderTrust::KnownDevice);
    }

    void markSurvivesARestartAndIsClearedByTheQueryAfterIt()
    {
        setUp();
        const QString eventId = firstMessageOfANewDevice();
        QVERIFY(!eventId.isEmpty());

        // Stopped before the query: what was left to judge again is in the store, not in memory.
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        QCOMPARE(storedStatus(*m_bob, eventId).trust, SenderTrust::UnknownDevice);
        QVERIFY2(m_server->pump(*m_bob), qPrintable(m_server->error));
        QCOMPARE(storedStatus(*m_bob, eventId).trust, SenderTrust::KnownDevice);
        QCOMPARE(m_bob->rejudged.value(kRoom).size(), 1);
    }

    void deviceListedLaterWithOtherKeysIsAMismatch()
    {
        setUp();
        // A new device of Alice whose room key claims an ed25519 key that is not the device's.
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        QVERIFY(m_server->pump(alice2));
        auto olm = m_server->rawOlmSession(alice2, *m_bob);
        QVERIFY2(olm, qPrintable(m_server->error));
        RawMegolm megolm = m_server->rawMegolm(alice2);
        QJsonObject payload = FakeHomeserver::olmPayload(alice2, *m_bob, QStringLiteral("m.room_key"),
                                                         FakeHomeserver::roomKeyContent(kRoom, megolm));
        payload.insert(QStringLiteral("keys"), QJsonObject{{QStringLiteral("ed25519"), m_alice->ed()}});
        QVERIFY(m_server->sendRawOlm(alice2, *olm, *m_bob, payload));
        const QJsonObject event = m_server->roomEvent(
            kAlice, QStringLiteral("m.room.encrypted"),
            FakeHomeserver::megolmContent(megolm, alice2, FakeHomeserver::textPayload(kRoom, QStringLiteral("pay"))));
        m_server->deliver(kRoom, event, m_bob);

        // Decrypted while Alice's list is outdated (the new device's upload changed it): unknown device.
        const SyncResult synced = m_server->sync(*m_bob);
        QVERIFY(synced.ok);
        QVERIFY(!m_bob->m().isDeviceListCurrent(kAlice));
        QCOMPARE(statusOf(synced.event(kRoom, eventIdOf(event))).trust, SenderTrust::UnknownDevice);

        // The query lists ALICE2 with its real ed25519 key: the session's claim was false.
        QVERIFY2(m_server->pump(*m_bob), qPrintable(m_server->error));
        QVERIFY(deviceIds(m_bob->m().devices(kAlice)).contains(QStringLiteral("ALICE2")));
        const EncryptionStatus after = storedStatus(*m_bob, eventIdOf(event));
        QCOMPARE(after.trust, SenderTrust::Mismatch);
        QVERIFY(after.deviceId.isEmpty());
        QCOMPARE(m_bob->rejudged.value(kRoom).size(), 1);
        QCOMPARE(encryptionStatus(m_bob->rejudged.value(kRoom).at(0)).trust, SenderTrust::Mismatch);
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        QCOMPARE(storedStatus(*m_bob, eventIdOf(event)).trust, SenderTrust::Mismatch);
    }

    void unknownDeviceMissingFromTheListOnceKnownIsAMismatch()
    {
        setUp();
        // Dave's device (no room shared with Bob) hands Bob a room key; its events claim to be Alice's or Dave's.
        Client &dave = m_server->addClient(kDave, QStringLiteral("DAVE1"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        auto olm = m_server->rawOlmSession(dave, *m_bob);
        QVERIFY(olm);
        RawMegolm megolm = m_server->rawMegolm(dave);
        QVERIFY(m_server->sendRawOlm(dave, *olm, *m_bob,
                                     FakeHomeserver::olmPayload(dave, *m_bob, QStringLiteral("m.room_key"),
                                                                FakeHomeserver::roomKeyContent(kRoom, megolm))));
        auto event = [&](const QString &sender, const QString &body) {
            return m_server->roomEvent(sender, QStringLiteral("m.room.encrypted"),
                                       FakeHomeserver::megolmContent(megolm, dave, FakeHomeserver::textPayload(kRoom, body)));
        };
        m_server->logChange(kAlice);
        const QJsonObject asAlice = event(kAlice, QStringLiteral("from Alice?"));
        const QJsonObject asDave = event(kDave, QStringLiteral("from Dave"));
        m_server->deliver(kRoom, asAlice, m_bob);
        m_server->deliver(kRoom, asDave, m_bob);
        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(storedStatus(*m_bob, eventIdOf(asAlice)).trust, SenderTrust::UnknownDevice);

        // Alice's list is known now and has no such device: the same verdict as decrypting it now would give.
        QVERIFY2(m_server->pump(*m_bob), qPrintable(m_server->error));
        QVERIFY(m_bob->m().isDeviceListCurrent(kAlice));
        QCOMPARE(storedStatus(*m_bob, eventIdOf(asAlice)).trust, SenderTrust::Mismatch);
        // Dave, whose devices Bob doesn't follow, stays unknown.
        QCOMPARE(storedStatus(*m_bob, eventIdOf(asDave)).trust, SenderTrust::UnknownDevice);
        QCOMPARE(m_bob->rejudged.value(kRoom).size(), 1);
    }

private:
    void setUp()
    {
        m_server = std::make_unique<FakeHomeserver>();
        m_alice = &m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        m_bob = &m_server->addClient(kBob, QStringLiteral("BOB1"));
        m_server->createRoom(kRoom, {kAlice, kBob});
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY(m_bob->m().isDeviceListCurrent(kAlice));
    }

    // Alice signs in on ALICE2, which sends the first message: Bob's next sync brings Alice's device list change,
    // the room key and the message together, so Bob decrypts it before querying ALICE2's keys (marked unknown,
    // in the sync's result and in the store). The event id, empty on failure.
    QString firstMessageOfANewDevice()
    {
        Client &alice2 = m_server->addClient(kAlice, QStringLiteral("ALICE2"));
        if (!m_server->pump(alice2) || !m_server->sync(alice2).ok)
            return {};
        const QJsonObject event = m_server->sendMessage(alice2, kRoom, QStringLiteral("first from ALICE2"));
        if (event.isEmpty())
            return {};
        const SyncResult synced = m_server->sync(*m_bob);
        const EncryptionStatus status = statusOf(synced.event(kRoom, eventIdOf(event)));
        if (!synced.ok || m_bob->m().isDeviceListCurrent(kAlice) || !status.decrypted
            || status.trust != SenderTrust::UnknownDevice
            || storedStatus(*m_bob, eventIdOf(event)).trust != SenderTrust::UnknownDevice) {
            qWarning("the first message of ALICE2 was not marked unknown before the query");
            return {};
        }
        return eventIdOf(event);
    }

    static EncryptionStatus storedStatus(Client &c, const QString &eventId)
    {
        const auto json = c.cs().timelineEvent(kRoom, eventId);
        return json ? encryptionStatus(Event(*json)) : EncryptionStatus{};
    }

    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
};

QTEST_GUILESS_MAIN(TestCryptoMachineTrust)
#include "test_crypto_machine_trust.moc"
