// The Olm (to-device) side of the CryptoMachine against the fake homeserver (e2e_test_harness.h): a room key goes
// from Alice's machine to Bob's; an inbound session is stored only once its pre-key message decrypted; the
// plaintext's sender, recipient and keys are checked; a fallback key opens a session when the one-time keys ran
// out; a message that can't be decrypted makes a new session and an m.dummy, at most once per hour and device.
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

namespace {
// Flips one bit of the decoded message near its end (the MAC), keeping it valid unpadded base64.
QString tampered(const QString &base64)
{
    const QByteArray b = base64.toLatin1();
    QByteArray raw = QByteArray::fromBase64(b + QByteArray((4 - b.size() % 4) % 4, '='));
    raw[raw.size() - 2] = char(raw[raw.size() - 2] ^ 0x01);
    return QString::fromLatin1(raw.toBase64(QByteArray::OmitTrailingEquals));
}

// The to-device event with its ciphertext for `curve` tampered.
Event corrupted(const Event &e, const QString &curve)
{
    QJsonObject json = e.json();
    QJsonObject content = json.value(QLatin1String("content")).toObject();
    QJsonObject ciphertext = content.value(QLatin1String("ciphertext")).toObject();
    QJsonObject mine = ciphertext.value(curve).toObject();
    mine.insert(QStringLiteral("body"), tampered(mine.value(QLatin1String("body")).toString()));
    ciphertext.insert(curve, mine);
    content.insert(QStringLiteral("ciphertext"), ciphertext);
    json.insert(QStringLiteral("content"), content);
    return Event(json);
}

QString outboundSessionId(Client &c, const QString &roomId)
{
    const auto session = c.cs().outboundGroupSession(roomId);
    return session ? session->sessionId : QString();
}
} // namespace

class TestCryptoMachineOlm : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_server = std::make_unique<FakeHomeserver>();
        m_alice = &m_server->addClient(kAlice, QStringLiteral("ALICE1"));
        m_bob = &m_server->addClient(kBob, QStringLiteral("BOB1"));
        QVERIFY(m_alice->machine && m_bob->machine);
        m_server->createRoom(kRoom, {kAlice, kBob});
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY(m_alice->m().isDeviceListCurrent(kBob));
        QVERIFY(m_bob->m().isDeviceListCurrent(kAlice));
    }

    void cleanup() { m_server.reset(); }

    void roomKeyReachesTheOtherDevice()
    {
        QVERIFY(m_bob->cs().olmSessions(m_alice->curve()).isEmpty());
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        const QString sessionId = outboundSessionId(*m_alice, kRoom);
        QVERIFY(!sessionId.isEmpty());
        QCOMPARE(m_bob->toDevice.size(), 1);
        QCOMPARE(m_bob->toDevice.at(0).type(), QStringLiteral("m.room.encrypted"));
        // The server only sees ciphertext.
        QVERIFY(!QJsonDocument(m_bob->toDevice.at(0).json()).toJson().contains(sessionId.toUtf8()));

        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 1);
        const auto inbound = m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId);
        QVERIFY(inbound);
        QCOMPARE(inbound->claimedEd25519, m_alice->ed());
        QCOMPARE(inbound->firstKnownIndex, 0u);
        QVERIFY(!inbound->imported);
        // Shared with Bob's device, recorded once the to-device request succeeded.
        QVERIFY(m_alice->cs().outboundGroupSession(kRoom)->sharedWith.value(kBob).contains(QStringLiteral("BOB1")));
    }

    void corruptedPreKeyMessageStoresNoSession()
    {
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        const QString sessionId = outboundSessionId(*m_alice, kRoom);
        QCOMPARE(m_bob->toDevice.size(), 1);
        const Event original = m_bob->toDevice.takeFirst();
        QCOMPARE(original.content().value("ciphertext").toObject().value(m_bob->curve()).toObject().value("type").toInt(), 0);

        m_bob->toDevice = {corrupted(original, m_bob->curve())};
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().olmSessions(m_alice->curve()).isEmpty());
        QVERIFY(!m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId));

        // A restart loses nothing that mattered: the one-time key the message used is still in the account.
        QVERIFY2(m_server->restart(*m_bob), qPrintable(m_server->error));
        m_bob->toDevice = {original};
        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 1);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId));
    }

    void plaintextChecksRejectForgedMessages()
    {
        auto olm = m_server->rawOlmSession(*m_alice, *m_bob);
        QVERIFY2(olm, qPrintable(m_server->error));
        auto other = m_alice->backend->createAccount();
        QVERIFY(other.ok());
        const QString otherEd = other.value()->identityKeys().ed25519;

        struct Forgery {
            const char *what;
            std::function<void(QJsonObject &)> change;
            QString eventSender;
        };
        const QList<Forgery> forgeries{
            {"another recipient", [](QJsonObject &p) { p.insert("recipient", kCarol); }, {}},
            {"another recipient key",
             [this](QJsonObject &p) { p.insert("recipient_keys", QJsonObject{{"ed25519", m_alice->ed()}}); }, {}},
            {"no recipient key", [](QJsonObject &p) { p.remove("recipient_keys"); }, {}},
            {"plaintext sender differs", [](QJsonObject &p) { p.insert("sender", kMallory); }, {}},
            {"event sender differs", [](QJsonObject &) {}, kMallory},
            {"both senders claim a user the device isn't of", [](QJsonObject &p) { p.insert("sender", kMallory); },
             kMallory},
            {"ed25519 not the device's",
             [otherEd](QJsonObject &p) { p.insert("keys", QJsonObject{{"ed25519", otherEd}}); }, {}},
            {"no ed25519", [](QJsonObject &p) { p.remove("keys"); }, {}},
        };
        for (const Forgery &f : forgeries) {
            RawMegolm megolm = m_server->rawMegolm(*m_alice);
            QJsonObject payload = FakeHomeserver::olmPayload(*m_alice, *m_bob, QStringLiteral("m.room_key"),
                                                             FakeHomeserver::roomKeyContent(kRoom, megolm));
            f.change(payload);
            QVERIFY(m_server->sendRawOlm(*m_alice, *olm, *m_bob, payload, f.eventSender));
            QVERIFY(m_server->sync(*m_bob).ok);
            QVERIFY2(!m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), megolm.sessionId), f.what);
        }
        // The same channel with a correct plaintext: accepted.
        RawMegolm megolm = m_server->rawMegolm(*m_alice);
        QVERIFY(m_server->sendRawOlm(*m_alice, *olm, *m_bob,
                                     FakeHomeserver::olmPayload(*m_alice, *m_bob, QStringLiteral("m.room_key"),
                                                                FakeHomeserver::roomKeyContent(kRoom, megolm))));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), megolm.sessionId));
    }

    // A device opening session after session with us keeps only its 10 most recent ones (each message would
    // otherwise be tried against all of them); the newest still works.
    void sessionsPerDeviceAreCapped()
    {
        for (int i = 0; i < 14; ++i) {
            auto olm = m_server->rawOlmSession(*m_alice, *m_bob);
            QVERIFY2(olm, qPrintable(m_server->error));
            RawMegolm megolm = m_server->rawMegolm(*m_alice);
            QVERIFY(m_server->sendRawOlm(*m_alice, *olm, *m_bob,
                                         FakeHomeserver::olmPayload(*m_alice, *m_bob, QStringLiteral("m.room_key"),
                                                                    FakeHomeserver::roomKeyContent(kRoom, megolm))));
            QVERIFY(m_server->sync(*m_bob).ok);
            QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), megolm.sessionId));
            m_server->now += 1000;
        }
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 10);
    }

    void roomKeyForAnotherSessionIdIgnored()
    {
        auto olm = m_server->rawOlmSession(*m_alice, *m_bob);
        QVERIFY(olm);
        RawMegolm megolm = m_server->rawMegolm(*m_alice);
        RawMegolm other = m_server->rawMegolm(*m_alice);
        QJsonObject content = FakeHomeserver::roomKeyContent(kRoom, megolm);
        content.insert(QStringLiteral("session_id"), other.sessionId);
        QVERIFY(m_server->sendRawOlm(*m_alice, *olm, *m_bob,
                                     FakeHomeserver::olmPayload(*m_alice, *m_bob, QStringLiteral("m.room_key"), content)));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().inboundGroupSessions(kRoom).isEmpty());
    }

    void fallbackKeyOpensASession()
    {
        m_server->dropOneTimeKeys(kBob, QStringLiteral("BOB1"));
        const QString fallbackId = m_server->keys[kBob][QStringLiteral("BOB1")].fallbackId;
        QVERIFY(!fallbackId.isEmpty());
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        const QJsonObject claimed = m_server->lastClaimResponse.value("one_time_keys").toObject().value(kBob).toObject()
                                        .value(QStringLiteral("BOB1")).toObject();
        QCOMPARE(claimed.keys(), QStringList{fallbackId});
        QVERIFY(claimed.value(fallbackId).toObject().value("fallback").toBool());

        const QString sessionId = outboundSessionId(*m_alice, kRoom);
        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 1);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId));

        // The server said the fallback key was used: Bob publishes a new one (and new one-time keys).
        QVERIFY(m_server->pump(*m_bob));
        const auto &keys = m_server->keys[kBob][QStringLiteral("BOB1")];
        QVERIFY(keys.fallbackId != fallbackId);
        QVERIFY(!keys.fallbackUsed);
        QVERIFY(!keys.oneTimeKeys.isEmpty());

        // The old fallback key still opens a session for a device that claimed it before the replacement.
        Client &carol = m_server->addClient(kCarol, QStringLiteral("CAROL1"));
        QVERIFY(carol.machine);
        auto olm = carol.m().account().olm().createOutboundSession(m_bob->curve(),
                                                                   claimed.value(fallbackId).toObject().value("key").toString());
        QVERIFY(olm.ok());
        RawMegolm megolm = m_server->rawMegolm(carol);
        QVERIFY(m_server->sendRawOlm(carol, *olm.value(), *m_bob,
                                     FakeHomeserver::olmPayload(carol, *m_bob, QStringLiteral("m.room_key"),
                                                                FakeHomeserver::roomKeyContent(kRoom, megolm))));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, carol.curve(), megolm.sessionId));
    }

    void undecryptableMessageStartsANewSessionOncePerHour()
    {
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        const int bobSessions = m_bob->cs().olmSessions(m_alice->curve()).size();
        const int aliceSessions = m_alice->cs().olmSessions(m_bob->curve()).size();
        const int claims = m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim);
        QCOMPARE(bobSessions, 1);

        // Within an hour of the session's creation: no new session yet.
        m_server->now += 30 * 60 * 1000;
        m_bob->toDevice.append(undecryptable(*m_alice, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob));
        QCOMPARE(m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim), claims);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), bobSessions);

        // Later: Bob claims a key of Alice's device, makes a new session and sends an m.dummy over it.
        m_server->now += 31 * 60 * 1000;
        m_bob->toDevice.append(undecryptable(*m_alice, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob));
        QCOMPARE(m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim), claims + 1);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), bobSessions + 1);
        QCOMPARE(m_alice->toDevice.size(), 1);
        QVERIFY(m_server->sync(*m_alice).ok);
        QCOMPARE(m_alice->cs().olmSessions(m_bob->curve()).size(), aliceSessions + 1);

        // Broken again ten minutes later: not another new session within the hour...
        m_server->now += 10 * 60 * 1000;
        m_bob->toDevice.append(undecryptable(*m_alice, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob));
        QCOMPARE(m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim), claims + 1);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), bobSessions + 1);
        QVERIFY(m_alice->toDevice.isEmpty());

        // ... but after it.
        m_server->now += 61 * 60 * 1000;
        m_bob->toDevice.append(undecryptable(*m_alice, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_server->pump(*m_bob));
        QCOMPARE(m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim), claims + 2);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), bobSessions + 2);

        // The newest session is the one used from now on: Alice's machine reads it.
        QVERIFY(m_server->settle());
        QCOMPARE(m_alice->cs().olmSessions(m_bob->curve()).size(), aliceSessions + 2);
        QVERIFY2(m_server->share(*m_bob, kRoom), qPrintable(m_server->error));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_alice->cs().inboundGroupSession(kRoom, m_bob->curve(), outboundSessionId(*m_bob, kRoom)));
    }

    void undecryptableFromAnUnknownDeviceQueriesItFirst()
    {
        // Carol shares no room with Bob: Bob doesn't know her device until he asks.
        Client &carol = m_server->addClient(kCarol, QStringLiteral("CAROL1"));
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY(!m_bob->m().trackedUsers().contains(kCarol));
        m_bob->toDevice.append(undecryptable(carol, *m_bob));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->m().trackedUsers().contains(kCarol));
        QVERIFY(m_server->pump(*m_bob));
        QCOMPARE(deviceIds(m_bob->m().devices(kCarol)), QStringList{QStringLiteral("CAROL1")});
        QCOMPARE(m_bob->cs().olmSessions(carol.curve()).size(), 1);
        QCOMPARE(carol.toDevice.size(), 1);
        QVERIFY(m_server->sync(carol).ok);
        QCOMPARE(carol.cs().olmSessions(m_bob->curve()).size(), 1);
    }

    void messagesFlowBothWaysOnOneSession()
    {
        // Alice's pre-key message creates Bob's session; Bob's answer goes over it, so Alice never needs a second.
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY(m_server->sync(*m_bob).ok);
        const int claims = m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim);
        QVERIFY2(m_server->share(*m_bob, kRoom), qPrintable(m_server->error));
        QCOMPARE(m_server->countRequests(*m_bob, CryptoRequest::Kind::KeysClaim), claims);
        QVERIFY(m_server->sync(*m_alice).ok);
        QCOMPARE(m_alice->cs().olmSessions(m_bob->curve()).size(), 1);
        QVERIFY(m_alice->cs().inboundGroupSession(kRoom, m_bob->curve(), outboundSessionId(*m_bob, kRoom)));
    }

    void sessionSavedAfterEachMessageReceived()
    {
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY(m_server->sync(*m_bob).ok);
        const StoredOlmSession before = m_alice->cs().olmSessions(m_bob->curve()).value(0);
        QVERIFY(!before.pickle.isEmpty());
        // Bob answers over the session Alice started (a normal message for Alice) a little later.
        m_server->now += 5 * 60 * 1000;
        QVERIFY2(m_server->share(*m_bob, kRoom), qPrintable(m_server->error));
        QCOMPARE(m_alice->toDevice.value(0).content().value("ciphertext").toObject().value(m_alice->curve()).toObject()
                     .value("type").toInt(), 1);
        QVERIFY(m_server->sync(*m_alice).ok);
        const QList<StoredOlmSession> after = m_alice->cs().olmSessions(m_bob->curve());
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).sessionId, before.sessionId);
        QCOMPARE(after.at(0).createdMs, before.createdMs);
        QCOMPARE(after.at(0).lastUsedMs, m_server->now);
        QVERIFY(after.at(0).pickle != before.pickle); // the ratchet moved and was saved
        QVERIFY(m_alice->cs().inboundGroupSession(kRoom, m_bob->curve(), outboundSessionId(*m_bob, kRoom)));
    }

    void rolledBackSyncIsProcessedAgainByARestartedMachine()
    {
        const QString sessionId = rollBackRoomKeySync();
        QVERIFY(!sessionId.isEmpty());
        // What a caller must do after a rollback: a machine on the store as it is (like a restart).
        QVERIFY2(m_server->restart(*m_bob, false), qPrintable(m_server->error));
        QVERIFY(m_server->sync(*m_bob).ok);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId));
    }

    void rolledBackSyncInTheSameMachine()
    {
        const QString sessionId = rollBackRoomKeySync();
        QVERIFY(!sessionId.isEmpty());
        QVERIFY(m_server->sync(*m_bob).ok);
        // The machine keeps its account in memory: the one-time key the rolled-back pre-key message used is
        // gone from it although the store still has it, so the message redelivered can't be decrypted.
        QEXPECT_FAIL("", "the machine's in-memory state is not rolled back with the transaction: callers must "
                         "recreate it after a failed transaction", Continue);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId));
    }

    void severalPreKeyMessagesOfOneSessionInOneSync()
    {
        // Two room keys over the same new Olm session, before Bob ever answered: both pre-key messages.
        const QString otherRoom = QStringLiteral("!other:test");
        m_server->createRoom(otherRoom, {kAlice, kBob});
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY2(m_server->share(*m_alice, otherRoom), qPrintable(m_server->error));
        QCOMPARE(m_bob->toDevice.size(), 2);
        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 1);
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), outboundSessionId(*m_alice, kRoom)));
        QVERIFY(m_bob->cs().inboundGroupSession(otherRoom, m_alice->curve(), outboundSessionId(*m_alice, otherRoom)));
    }

    void sessionsStartedByBothSidesAtOnceBothWork()
    {
        // Each claims a key of the other and shares before receiving anything.
        QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
        QVERIFY2(m_server->share(*m_bob, kRoom), qPrintable(m_server->error));
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->sync(*m_bob).ok);
        QCOMPARE(m_alice->cs().olmSessions(m_bob->curve()).size(), 2);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 2);
        QVERIFY(m_alice->cs().inboundGroupSession(kRoom, m_bob->curve(), outboundSessionId(*m_bob, kRoom)));
        QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), outboundSessionId(*m_alice, kRoom)));

        // Whichever session each side now prefers, the other reads it: new room keys after a rotation.
        m_server->now += 8LL * 24 * 3600 * 1000;
        for (int round = 0; round < 2; ++round) {
            QVERIFY2(m_server->share(*m_alice, kRoom), qPrintable(m_server->error));
            QVERIFY2(m_server->share(*m_bob, kRoom), qPrintable(m_server->error));
            QVERIFY(m_server->sync(*m_alice).ok);
            QVERIFY(m_server->sync(*m_bob).ok);
            QVERIFY(m_alice->cs().inboundGroupSession(kRoom, m_bob->curve(), outboundSessionId(*m_bob, kRoom)));
            QVERIFY(m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), outboundSessionId(*m_alice, kRoom)));
            m_server->now += 8LL * 24 * 3600 * 1000;
        }
        QCOMPARE(m_alice->cs().olmSessions(m_bob->curve()).size(), 2);
        QCOMPARE(m_bob->cs().olmSessions(m_alice->curve()).size(), 2);
    }

private:
    // Alice shares a room key; Bob's sync with it fails after receiveSync (e.g. writeSync failed), so its
    // transaction is rolled back and the server will send the same to-device message again. The session id.
    QString rollBackRoomKeySync()
    {
        if (!m_server->share(*m_alice, kRoom))
            return {};
        SyncDelta delta;
        delta.nextBatch = QStringLiteral("s-rolled-back");
        delta.toDevice = m_bob->toDevice;
        QMap<QString, QList<Event>> redecrypted;
        const bool committed = m_bob->store->inTransaction([&] {
            return m_bob->m().receiveSync(delta, &redecrypted) && false; // the write after it failed
        });
        const QString sessionId = outboundSessionId(*m_alice, kRoom);
        // Nothing of it stored.
        if (committed || !m_bob->cs().olmSessions(m_alice->curve()).isEmpty()
            || m_bob->cs().inboundGroupSession(kRoom, m_alice->curve(), sessionId))
            return {};
        return sessionId;
    }

    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
};

QTEST_GUILESS_MAIN(TestCryptoMachineOlm)
#include "test_crypto_machine_olm.moc"
