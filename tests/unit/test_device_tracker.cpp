// Device tracking through the CryptoMachine against the fake homeserver (e2e_test_harness.h): only correctly
// self-signed device keys with matching ids are kept, a known device's ed25519 key never changes, a change
// reported while a /keys/query is in flight keeps the user outdated, device_lists.left forgets a user, the
// outdated flags survive a restart, and /keys/changes is asked for after syncs the machine did not see.
#include "crypto/json_signing.h"
#include "e2e_test_harness.h"

#include <QTest>

using namespace estafette;
using namespace estafette::e2etest;

namespace {
std::unique_ptr<OlmAccount> newAccount(CryptoBackend &backend)
{
    auto account = backend.createAccount();
    if (!account)
        qFatal("createAccount failed");
    return std::move(account).value();
}

// An unsigned device_keys object with `deviceIdField` as device_id and the keys named after `keyDeviceId`.
QJsonObject keysObject(OlmAccount &account, const QString &userId, const QString &deviceIdField,
                       const QString &keyDeviceId)
{
    return QJsonObject{{"user_id", userId},
                       {"device_id", deviceIdField},
                       {"algorithms", QJsonArray{kOlm, kMegolm}},
                       {"keys", QJsonObject{{"curve25519:" + keyDeviceId, account.identityKeys().curve25519},
                                            {"ed25519:" + keyDeviceId, account.identityKeys().ed25519}}}};
}

bool isOutdated(Client &c, const QString &user)
{
    return c.cs().trackedUsers().value(user, false);
}

bool queriesUser(const QList<CryptoRequest> &requests, const QString &user)
{
    const auto query = findRequest(requests, CryptoRequest::Kind::KeysQuery);
    return query && query->users.contains(user);
}
} // namespace

class TestDeviceTracker : public QObject {
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
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), QStringList{QStringLiteral("BOB1")});
        QVERIFY(m_alice->m().isDeviceListCurrent(kBob));
    }

    void cleanup()
    {
        m_server.reset();
    }

    void correctlySignedNewDeviceAccepted()
    {
        auto backend = createCryptoBackend();
        auto account = newAccount(*backend);
        auto keys = signedDeviceKeys(*account, kBob, QStringLiteral("BOB2"));
        QVERIFY(keys.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("BOB2"), keys.value());
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), (QStringList{QStringLiteral("BOB1"), QStringLiteral("BOB2")}));
        QCOMPARE(m_alice->m().devices(kBob).at(1).ed25519, account->identityKeys().ed25519);
    }

    void badSelfSignatureRejected()
    {
        auto backend = createCryptoBackend();
        auto account = newAccount(*backend);
        // Signed, then one signed field changed.
        auto tampered = signedDeviceKeys(*account, kBob, QStringLiteral("TAMPERED"));
        QVERIFY(tampered.ok());
        QJsonObject t = tampered.value();
        t.insert(QStringLiteral("algorithms"), QJsonArray{kOlm});
        m_server->setDeviceKeys(kBob, QStringLiteral("TAMPERED"), t);
        // Claims one account's keys, signed by another account.
        auto other = newAccount(*backend);
        auto foreign = signedDeviceKeys(*other, kBob, QStringLiteral("FOREIGN"));
        QVERIFY(foreign.ok());
        QJsonObject f = foreign.value();
        QJsonObject keyMap = f.value(QLatin1String("keys")).toObject();
        keyMap.insert(QStringLiteral("ed25519:FOREIGN"), account->identityKeys().ed25519);
        f.insert(QStringLiteral("keys"), keyMap);
        m_server->setDeviceKeys(kBob, QStringLiteral("FOREIGN"), f);
        // No signature at all.
        QJsonObject unsignedKeys = signedDeviceKeys(*account, kBob, QStringLiteral("UNSIGNED")).value();
        unsignedKeys.remove(QStringLiteral("signatures"));
        m_server->setDeviceKeys(kBob, QStringLiteral("UNSIGNED"), unsignedKeys);

        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), QStringList{QStringLiteral("BOB1")});
        QVERIFY(m_alice->m().isDeviceListCurrent(kBob));
    }

    void mismatchingIdsRejected()
    {
        auto backend = createCryptoBackend();
        // Correctly self-signed for device DEV2, listed as DEV1.
        auto account = newAccount(*backend);
        auto otherDevice = signedDeviceKeys(*account, kBob, QStringLiteral("DEV2"));
        QVERIFY(otherDevice.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("DEV1"), otherDevice.value());
        // Keys and signature of DEV3, but device_id says DEV4.
        auto idOnly = newAccount(*backend);
        auto wrongId = signJson(*idOnly, keysObject(*idOnly, kBob, QStringLiteral("DEV4"), QStringLiteral("DEV3")), kBob,
                                QStringLiteral("DEV3"));
        QVERIFY(wrongId.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("DEV3"), wrongId.value());
        // Correctly self-signed for Mallory's device, listed under Bob.
        auto otherUser = signedDeviceKeys(*newAccount(*backend), kMallory, QStringLiteral("MAL1"));
        QVERIFY(otherUser.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("MAL1"), otherUser.value());
        // Signed by Bob's key id, but user_id says Mallory.
        auto userOnly = newAccount(*backend);
        auto wrongUser = signJson(*userOnly, keysObject(*userOnly, kMallory, QStringLiteral("MAL2"), QStringLiteral("MAL2")),
                                  kBob, QStringLiteral("MAL2"));
        QVERIFY(wrongUser.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("MAL2"), wrongUser.value());

        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), QStringList{QStringLiteral("BOB1")});
        QVERIFY(!m_alice->cs().deviceByCurveKey(account->identityKeys().curve25519));
        QVERIFY(!m_alice->cs().deviceByCurveKey(idOnly->identityKeys().curve25519));
        QVERIFY(!m_alice->cs().deviceByCurveKey(userOnly->identityKeys().curve25519));
    }

    void changedEd25519KeepsTheOldKey()
    {
        const StoredDevice before = m_alice->m().devices(kBob).value(0);
        QCOMPARE(before.ed25519, m_bob->ed());
        // BOB1 republished with another account's keys, validly self-signed.
        auto backend = createCryptoBackend();
        auto account = newAccount(*backend);
        auto keys = signedDeviceKeys(*account, kBob, QStringLiteral("BOB1"));
        QVERIFY(keys.ok());
        m_server->setDeviceKeys(kBob, QStringLiteral("BOB1"), keys.value());
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));

        const QList<StoredDevice> after = m_alice->m().devices(kBob);
        QCOMPARE(deviceIds(after), QStringList{QStringLiteral("BOB1")});
        QCOMPARE(after.at(0).ed25519, before.ed25519);
        QCOMPARE(after.at(0).curve25519, before.curve25519);
        QVERIFY(!m_alice->cs().deviceByCurveKey(account->identityKeys().curve25519));
    }

    void changeDuringQueryKeepsUserOutdated()
    {
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(!m_alice->m().isDeviceListCurrent(kBob));

        // The query goes out; Bob's list changes again before its answer arrives.
        const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice);
        const auto query = findRequest(requests, CryptoRequest::Kind::KeysQuery);
        QVERIFY(query);
        QVERIFY(query->users.contains(kBob));
        QVERIFY(m_alice->m().queryInFlight());
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        // No second query while one is in flight.
        QVERIFY(!findRequest(m_server->takeRequests(*m_alice), CryptoRequest::Kind::KeysQuery));
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(*m_alice, r));
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(!m_alice->m().isDeviceListCurrent(kBob));

        // Asked again; this answer was not overtaken.
        const QList<CryptoRequest> again = m_server->takeRequests(*m_alice);
        QVERIFY(queriesUser(again, kBob));
        for (const CryptoRequest &r : again)
            QVERIFY(m_server->complete(*m_alice, r));
        QVERIFY(!isOutdated(*m_alice, kBob));
        QVERIFY(m_alice->m().isDeviceListCurrent(kBob));
    }

    void failedQueryKeepsUserOutdated()
    {
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        m_server->failQueries = true;
        QVERIFY2(m_server->pump(*m_alice), qPrintable(m_server->error));
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(!m_alice->m().queryInFlight());
        m_server->failQueries = false;
        // Not asked again at once (no request loop against a failing server), but after a while.
        QVERIFY(!queriesUser(m_server->takeRequests(*m_alice), kBob));
        m_server->now += 61 * 1000;
        QVERIFY(queriesUser(m_server->takeRequests(*m_alice), kBob));
    }

    void leftUntracksAndForgetsDevices()
    {
        QVERIFY(m_alice->m().trackedUsers().contains(kBob));
        m_alice->left << kBob << kAlice; // our own user is never forgotten
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(!m_alice->m().trackedUsers().contains(kBob));
        QVERIFY(!m_alice->cs().trackedUsers().contains(kBob));
        QVERIFY(m_alice->m().devices(kBob).isEmpty());
        QVERIFY(m_alice->cs().devices(kBob).isEmpty());
        QVERIFY(!m_alice->cs().deviceByCurveKey(m_bob->curve()));
        QVERIFY(m_alice->m().trackedUsers().contains(kAlice));
        QCOMPARE(deviceIds(m_alice->m().devices(kAlice)), QStringList{QStringLiteral("ALICE1")});
        // A change of a user we don't follow any more is not followed.
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(!queriesUser(m_server->takeRequests(*m_alice), kBob));
    }

    void leftWhileQueryInFlightStoresNothing()
    {
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice);
        QVERIFY(queriesUser(requests, kBob));
        m_alice->left << kBob;
        QVERIFY(m_server->sync(*m_alice).ok);
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(*m_alice, r));
        QVERIFY(!m_alice->m().trackedUsers().contains(kBob));
        QVERIFY(m_alice->cs().devices(kBob).isEmpty());
    }

    void outdatedFlagsSurviveRestart()
    {
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY2(m_server->restart(*m_alice), qPrintable(m_server->error));
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(!m_alice->m().isDeviceListCurrent(kBob));
        const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice);
        QVERIFY(queriesUser(requests, kBob));
        // Same token in the store and for the device lists: nothing to ask /keys/changes.
        QVERIFY(!findRequest(requests, CryptoRequest::Kind::KeysChanges));
        for (const CryptoRequest &r : requests)
            QVERIFY(m_server->complete(*m_alice, r));
        QVERIFY(!isOutdated(*m_alice, kBob));

        // And a current list stays current across a restart.
        QVERIFY(m_server->restart(*m_alice));
        QVERIFY(m_alice->m().isDeviceListCurrent(kBob));
        QVERIFY(!queriesUser(m_server->takeRequests(*m_alice), kBob));
    }

    void keysChangesAfterSyncsTheMachineMissed()
    {
        const QString seen = m_alice->store->syncToken();
        QVERIFY(!seen.isEmpty());
        // Syncs stored without the machine (crypto not started): Bob's change is in none the machine saw.
        m_server->stopMachine(*m_alice);
        m_server->logChange(kBob);
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->sync(*m_alice).ok);
        const QString stored = m_alice->store->syncToken();
        QVERIFY(stored != seen);
        QVERIFY(!isOutdated(*m_alice, kBob));

        QVERIFY2(m_server->startMachine(*m_alice), qPrintable(m_server->error));
        const QList<CryptoRequest> requests = m_server->takeRequests(*m_alice);
        const auto changes = findRequest(requests, CryptoRequest::Kind::KeysChanges);
        QVERIFY(changes);
        QCOMPARE(changes->from, seen);
        QCOMPARE(changes->to, stored);
        QVERIFY(m_server->complete(*m_alice, *changes));
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(queriesUser(m_server->takeRequests(*m_alice), kBob));

        // Once a sync went through the machine, a restart asks nothing.
        QVERIFY(m_server->settle());
        QVERIFY(m_server->restart(*m_alice));
        QVERIFY(!findRequest(m_server->takeRequests(*m_alice), CryptoRequest::Kind::KeysChanges));
    }

    void failedKeysChangesMarksEveryoneOutdated()
    {
        m_server->stopMachine(*m_alice);
        QVERIFY(m_server->sync(*m_alice).ok);
        QVERIFY(m_server->startMachine(*m_alice));
        const auto changes = findRequest(m_server->takeRequests(*m_alice), CryptoRequest::Kind::KeysChanges);
        QVERIFY(changes);
        m_alice->m().requestFailed(*changes);
        QVERIFY(isOutdated(*m_alice, kBob));
        QVERIFY(isOutdated(*m_alice, kAlice));
    }

    void removedDeviceForgotten()
    {
        Client &bob2 = m_server->addClient(kBob, QStringLiteral("BOB2"));
        QVERIFY(bob2.machine);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), (QStringList{QStringLiteral("BOB1"), QStringLiteral("BOB2")}));
        m_server->removeDevice(bob2);
        QVERIFY2(m_server->settle(), qPrintable(m_server->error));
        QCOMPARE(deviceIds(m_alice->m().devices(kBob)), QStringList{QStringLiteral("BOB1")});
        QVERIFY(!m_alice->cs().deviceByCurveKey(bob2.curve()));
    }

private:
    std::unique_ptr<FakeHomeserver> m_server;
    Client *m_alice = nullptr;
    Client *m_bob = nullptr;
};

QTEST_GUILESS_MAIN(TestDeviceTracker)
#include "test_device_tracker.moc"
