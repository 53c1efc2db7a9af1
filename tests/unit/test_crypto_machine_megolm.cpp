// Room encryption through CryptoMachines against the fake homeserver (e2e_test_harness.h): messages decrypt in
// both directions and for their sender, the room session rotates after rotation_period_msgs messages, after
// rotation_period_ms, when a member leaves or a device disappears, and not because of a restart; a replayed
// index is a Replay, a plaintext naming another room is WrongRoom, and an event whose key comes later is
// MissingKey until then and is decrypted in place in the store when the key arrives.
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

namespace {
const QString kOtherRoom = QStringLiteral("!other:test");
} // namespace

class TestCryptoMachineMegolm : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { m_server.reset(); }

    void messagesDecryptBothWays()
    {
        setUp();
        const QJsonObject hello = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("hello Bob"));
        QVERIFY2(!hello.isEmpty(), qPrintable(m_server->error));
        // The server holds only ciphertext.
        QCOMPARE(hello.value("type").toString(), QStringLiteral("m.room.encrypted"));
        QVERIFY(!QJsonDocument(hello).toJson().contains("hello Bob"));

        SyncResult atBob = m_server->sync(*m_bob);
        QVERIFY(atBob.ok);
        const auto received = atBob.event(kRoom, eventIdOf(hello));
        QCOMPARE(received->type(), QStringLiteral("m.room.message"));
        QCOMPARE(bodyOf(received), QStringLiteral("hello Bob"));
        QCOMPARE(received->sender(), kAlice);
        const EncryptionStatus status = statusOf(received);
        QVERIFY(status.encrypted && status.decrypted);
        QCOMPARE(status.trust, SenderTrust::KnownDevice);
        QCOMPARE(status.deviceId, QStringLiteral("ALICE1"));
        QCOMPARE(status.senderKey, m_alice->curve());
        // Stored decrypted.
        const auto stored = m_bob->cs().timelineEvent(kRoom, eventIdOf(hello));
        QVERIFY(stored);
        QCOMPARE(stored->value("content").toObject().value("body").toString(), QStringLiteral("hello Bob"));

        const QJsonObject reply = m_server->sendMessage(*m_bob, kRoom, QStringLiteral("hello Alice"));
        QVERIFY2(!reply.isEmpty(), qPrintable(m_server->error));
        SyncResult atAlice = m_server->sync(*m_alice);
        QVERIFY(atAlice.ok);
        QCOMPARE(bodyOf(atAlice.event(kRoom, eventIdOf(reply))), QStringLiteral("hello Alice"));
        QCOMPARE(statusOf(atAlice.event(kRoom, eventIdOf(reply))).trust, SenderTrust::KnownDevice);
        QCOMPARE(statusOf(atAlice.event(kRoom, eventIdOf(reply))).deviceId, QStringLiteral("BOB1"));
    }

    void ownMessagesDecryptForTheSender()
    {
        setUp();
        const QJsonObject mine = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("note to self"));
        QVERIFY2(!mine.isEmpty(), qPrintable(m_server->error));
        SyncResult echo = m_server->sync(*m_alice);
        QVERIFY(echo.ok);
        const auto received = echo.event(kRoom, eventIdOf(mine));
        QCOMPARE(bodyOf(received), QStringLiteral("note to self"));
        QVERIFY(statusOf(received).decrypted);
        QCOMPARE(statusOf(received).trust, SenderTrust::KnownDevice);
        // Also after a restart (our inbound copy is stored, not only in memory).
        QVERIFY(m_server->restart(*m_alice));
        QList<Event> page{Event(mine)};
        QVERIFY(m_alice->m().decryptEvents(kRoom, page));
        QCOMPARE(bodyOf(page.at(0)), QStringLiteral("note to self"));
    }

    void rotatesAfterRotationPeriodMessages()
    {
        setUp(m_server->encryptionContent(3));
        QStringList sessions;
        QStringList eventIds;
        for (int i = 0; i < 4; ++i) {
            const QJsonObject e = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("m%1").arg(i));
            QVERIFY2(!e.isEmpty(), qPrintable(m_server->error));
            sessions << sessionOf(e);
            eventIds << eventIdOf(e);
        }
        QCOMPARE(sessions.at(1), sessions.at(0));
        QCOMPARE(sessions.at(2), sessions.at(0));
        QVERIFY(sessions.at(3) != sessions.at(0));
        SyncResult atBob = m_server->sync(*m_bob);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(bodyOf(atBob.event(kRoom, eventIds.at(i))), QStringLiteral("m%1").arg(i));
    }

    void rotatesAfterRotationPeriodTime()
    {
        setUp(m_server->encryptionContent(0, 3600 * 1000));
        const QJsonObject first = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("first"));
        m_server->now += 3599 * 1000;
        const QJsonObject second = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("second"));
        m_server->now += 2 * 1000;
        const QJsonObject third = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("third"));
        QVERIFY2(!third.isEmpty(), qPrintable(m_server->error));
        QCOMPARE(sessionOf(second), sessionOf(first));
        QVERIFY(sessionOf(third) != sessionOf(first));
        SyncResult atBob = m_server->sync(*m_bob);
        QCOMPARE(bodyOf(atBob.event(kRoom, eventIdOf(third))), QStringLiteral("third"));
    }

    void rotatesWhenAMemberLeaves()
    {
        setUp({}, /*withCarol*/ true);
        const QJsonObject before = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("before"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        m_server->leave(kRoom, kCarol);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const QJsonObject after = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("after"));
        QVERIFY2(!after.isEmpty(), qPrintable(m_server->error));
        QVERIFY(sessionOf(after) != sessionOf(before));
        const auto shared = m_alice->cs().outboundGroupSession(kRoom)->sharedWith;
        QVERIFY(shared.contains(kBob));
        QVERIFY(!shared.contains(kCarol));
        // Bob reads it; Carol never got its key.
        QCOMPARE(bodyOf(m_server->sync(*m_bob).event(kRoom, eventIdOf(after))), QStringLiteral("after"));
        m_server->deliver(kRoom, after, m_carol);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY(!m_carol->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionOf(after)));
        QVERIFY(m_carol->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionOf(before)));
    }

    void rotatesWhenADeviceIsRemoved()
    {
        setUp();
        Client &bob2 = m_server->addClient(kBob, QStringLiteral("BOB2"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const QJsonObject before = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("before"));
        QVERIFY2(!before.isEmpty(), qPrintable(m_server->error));
        QCOMPARE(m_alice->cs().outboundGroupSession(kRoom)->sharedWith.value(kBob).keys(),
                 (QStringList{QStringLiteral("BOB1"), QStringLiteral("BOB2")}));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));

        // Same members, same devices: same session.
        const QJsonObject again = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("again"));
        QCOMPARE(sessionOf(again), sessionOf(before));

        m_server->removeDevice(bob2);
        QVERIFY(m_server->sync(*m_alice).ok); // device_lists.changed: Bob
        const QJsonObject after = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("after"));
        QVERIFY2(!after.isEmpty(), qPrintable(m_server->error));
        QVERIFY(sessionOf(after) != sessionOf(before));
        QCOMPARE(m_alice->cs().outboundGroupSession(kRoom)->sharedWith.value(kBob).keys(),
                 QStringList{QStringLiteral("BOB1")});
        QCOMPARE(bodyOf(m_server->sync(*m_bob).event(kRoom, eventIdOf(after))), QStringLiteral("after"));
    }

    void newMemberGetsTheKeyAtItsIndexWithoutRotation()
    {
        setUp();
        const QJsonObject before = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("before"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        Client &carol = m_server->addClient(kCarol, QStringLiteral("CAROL1"));
        m_server->join(kRoom, kCarol);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const QJsonObject after = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("after"));
        QCOMPARE(sessionOf(after), sessionOf(before)); // a member joining is no reason to rotate
        SyncResult atCarol = m_server->sync(carol);
        QCOMPARE(bodyOf(atCarol.event(kRoom, eventIdOf(after))), QStringLiteral("after"));
        // Shared at a later index: the earlier message stays out of reach.
        const auto inbound = carol.cs().inboundGroupSession(kRoom, m_alice->curve(), sessionOf(after));
        QVERIFY(inbound);
        QCOMPARE(inbound->firstKnownIndex, 1u);
        const auto earlier = carol.cs().timelineEvent(kRoom, eventIdOf(before));
        QVERIFY(earlier);
        QCOMPARE(statusOf(Event(*earlier)).error, DecryptionError::UnknownIndex);
    }

    void noRotationOnRestart()
    {
        setUp();
        const QJsonObject before = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("before"));
        QVERIFY2(!before.isEmpty(), qPrintable(m_server->error));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const int messages = m_alice->cs().outboundGroupSession(kRoom)->messageCount;

        QVERIFY2(m_server->restart(*m_alice), qPrintable(m_server->error));
        QStringList steps;
        QVERIFY2(m_server->share(*m_alice, kRoom, &steps), qPrintable(m_server->error));
        QCOMPARE(steps, QStringList{QStringLiteral("Ready")}); // nothing to send again
        const auto content = m_server->encrypt(*m_alice, kRoom, QStringLiteral("m.room.message"),
                                               QJsonObject{{"msgtype", "m.text"}, {"body", "after"}});
        QVERIFY(content);
        QCOMPARE(content->value("session_id").toString(), sessionOf(before));
        QCOMPARE(m_alice->cs().outboundGroupSession(kRoom)->messageCount, messages + 1);
        const QJsonObject after = m_server->roomEvent(kAlice, QStringLiteral("m.room.encrypted"), *content);
        m_server->deliver(kRoom, after);
        QCOMPARE(bodyOf(m_server->sync(*m_bob).event(kRoom, eventIdOf(after))), QStringLiteral("after"));
        QVERIFY(m_bob->toDevice.isEmpty());
    }

    void replayedIndexIsMarked()
    {
        setUp();
        const QJsonObject original = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("pay 10"));
        QVERIFY2(!original.isEmpty(), qPrintable(m_server->error));
        QCOMPARE(bodyOf(m_server->sync(*m_bob).event(kRoom, eventIdOf(original))), QStringLiteral("pay 10"));

        QJsonObject replay = original;
        replay.insert(QStringLiteral("event_id"), QStringLiteral("$replayed:test"));
        m_server->deliver(kRoom, replay, m_bob);
        SyncResult atBob = m_server->sync(*m_bob);
        const auto replayed = atBob.event(kRoom, QStringLiteral("$replayed:test"));
        QVERIFY(replayed);
        QCOMPARE(replayed->type(), QStringLiteral("m.room.encrypted"));
        QCOMPARE(statusOf(replayed).error, DecryptionError::Replay);
        QVERIFY(!statusOf(replayed).decrypted);

        // The original event seen again (a /messages page) is not a replay.
        QList<Event> page{Event(original)};
        QVERIFY(m_bob->m().decryptEvents(kRoom, page));
        QCOMPARE(bodyOf(page.at(0)), QStringLiteral("pay 10"));
        // Nor after a restart: the index is remembered in the store.
        QVERIFY(m_server->restart(*m_bob));
        QList<Event> again{Event(replay)};
        QVERIFY(m_bob->m().decryptEvents(kRoom, again));
        QCOMPARE(statusOf(again.at(0)).error, DecryptionError::Replay);
    }

    void plaintextNamingAnotherRoomIsWrongRoom()
    {
        setUp();
        m_server->createRoom(kOtherRoom, {kAlice, kBob});
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        // A room key for the other room, then a message encrypted with it whose plaintext names the first room.
        auto olm = m_server->rawOlmSession(*m_alice, *m_bob);
        QVERIFY(olm);
        RawMegolm megolm = m_server->rawMegolm(*m_alice);
        QVERIFY(m_server->sendRawOlm(*m_alice, *olm, *m_bob,
                                     FakeHomeserver::olmPayload(*m_alice, *m_bob, QStringLiteral("m.room_key"),
                                                                FakeHomeserver::roomKeyContent(kOtherRoom, megolm))));
        const QJsonObject moved = m_server->roomEvent(
            kAlice, QStringLiteral("m.room.encrypted"),
            FakeHomeserver::megolmContent(megolm, *m_alice, FakeHomeserver::textPayload(kRoom, QStringLiteral("moved"))));
        const QJsonObject right = m_server->roomEvent(
            kAlice, QStringLiteral("m.room.encrypted"),
            FakeHomeserver::megolmContent(megolm, *m_alice, FakeHomeserver::textPayload(kOtherRoom, QStringLiteral("here"))));
        m_server->deliver(kOtherRoom, moved);
        m_server->deliver(kOtherRoom, right);
        SyncResult atBob = m_server->sync(*m_bob);
        QVERIFY(atBob.ok);
        QCOMPARE(statusOf(atBob.event(kOtherRoom, eventIdOf(moved))).error, DecryptionError::WrongRoom);
        QVERIFY(!statusOf(atBob.event(kOtherRoom, eventIdOf(moved))).decrypted);
        QCOMPARE(bodyOf(atBob.event(kOtherRoom, eventIdOf(right))), QStringLiteral("here"));
        // In the room it names, there is no key for it at all.
        QList<Event> page{Event(moved)};
        QVERIFY(m_bob->m().decryptEvents(kRoom, page));
        QCOMPARE(statusOf(page.at(0)).error, DecryptionError::MissingKey);
    }

    void lateKeyDecryptsTheStoredEventInPlace()
    {
        setUp();
        m_bob->holdToDevice = true; // the room key arrives in a later sync than the message
        const QJsonObject late = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("late"));
        QVERIFY2(!late.isEmpty(), qPrintable(m_server->error));
        const QString id = eventIdOf(late);
        SyncResult first = m_server->sync(*m_bob);
        QVERIFY(first.ok);
        const auto missing = first.event(kRoom, id);
        QCOMPARE(missing->type(), QStringLiteral("m.room.encrypted"));
        QCOMPARE(statusOf(missing).error, DecryptionError::MissingKey);
        QVERIFY(first.redecrypted.isEmpty());
        QCOMPARE(m_bob->cs().pendingDecryptions(kRoom, m_alice->curve(), sessionOf(late)), QStringList{id});
        const auto storedBefore = m_bob->cs().timelineEvent(kRoom, id);
        QVERIFY(storedBefore);
        QCOMPARE(statusOf(Event(*storedBefore)).error, DecryptionError::MissingKey);
        // Still pending after a sync without the key, and across a restart.
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->restart(*m_bob));
        QCOMPARE(m_bob->cs().pendingDecryptions(kRoom, m_alice->curve(), sessionOf(late)), QStringList{id});

        m_bob->holdToDevice = false;
        SyncResult second = m_server->sync(*m_bob);
        QVERIFY(second.ok);
        QCOMPARE(second.redecrypted.value(kRoom).size(), 1);
        const Event redecrypted = second.redecrypted.value(kRoom).at(0);
        QCOMPARE(redecrypted.eventId(), id);
        QCOMPARE(bodyOf(redecrypted), QStringLiteral("late"));
        QCOMPARE(statusOf(redecrypted).trust, SenderTrust::KnownDevice);
        const auto storedAfter = m_bob->cs().timelineEvent(kRoom, id);
        QVERIFY(storedAfter);
        QCOMPARE(storedAfter->value("type").toString(), QStringLiteral("m.room.message"));
        QCOMPARE(storedAfter->value("content").toObject().value("body").toString(), QStringLiteral("late"));
        QVERIFY(m_bob->cs().pendingDecryptions(kRoom, m_alice->curve(), sessionOf(late)).isEmpty());
        // The row was replaced, not added: the stored timeline still has one row for it.
        const SyncDelta snapshot = m_bob->store->loadSnapshot(50);
        const RoomDelta *room = storetest::findRoom(snapshot, kRoom);
        QVERIFY(room);
        QCOMPARE(storetest::ids(room->timeline).count(id), 1);
        QCOMPARE(bodyOf(room->timeline.last()), QStringLiteral("late"));
    }

    void keyArrivingWithTheEventDecryptsAtOnce()
    {
        setUp();
        const QJsonObject e = m_server->sendMessage(*m_alice, kRoom, QStringLiteral("together"));
        QVERIFY(!m_bob->toDevice.isEmpty()); // key and event in the same sync
        SyncResult atBob = m_server->sync(*m_bob);
        QCOMPARE(bodyOf(atBob.event(kRoom, eventIdOf(e))), QStringLiteral("together"));
        QVERIFY(m_bob->cs().pendingDecryptions(kRoom, m_alice->curve(), sessionOf(e)).isEmpty());
        QVERIFY(m_bob->cs().keyRequests().isEmpty());
    }

    void unencryptedRoomRefusesToShare()
    {
        setUp();
        QVERIFY(!m_alice->m().isRoomEncrypted(QStringLiteral("!plain:test")));
        QStringList steps;
        QVERIFY(!m_server->share(*m_alice, QStringLiteral("!plain:test"), &steps, {kBob}));
        QVERIFY(!m_server->encrypt(*m_alice, QStringLiteral("!plain:test"), QStringLiteral("m.room.message"),
                                   QJsonObject{{"body", "x"}}));
    }

private:
    void setUp(const QJsonObject &encryption = {}, bool withCarol = false)
    {
        m_server = std::make_unique<FakeHomeserver>();
        m_alice = &m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        m_bob = &m_server->addClient(kBob, QStringLiteral("BOB1"));
        QStringList members{kAlice, kBob};
        if (withCarol) {
            m_carol = &m_server->addClient(kCarol, QStringLiteral("CAROL1"));
            members << kCarol;
        }
        m_server->createRoom(kRoom, members, encryption);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY(m_alice->m().isRoomEncrypted(kRoom));
        QVERIFY(m_bob->m().isRoomEncrypted(kRoom));
    }

    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
    Client *m_carol = nullptr;
};

QTEST_GUILESS_MAIN(TestCryptoMachineMegolm)
#include "test_crypto_machine_megolm.moc"
