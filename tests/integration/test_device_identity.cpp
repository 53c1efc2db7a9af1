// Device identity against the real Synapse and an independent client (matrix-nio, whose signature check is its
// own): device keys signed and published at first sign-in, one-time keys topped up from /sync's counts, the same
// identity after a restart without a new device keys upload, and the fallback key handed out when one-time keys
// run out, then replaced once the server reports it used.
#include "session/crypto_session.h"
#include "net/http_client.h"
#include "session/session.h"
#include "store/account_location.h"
#include "support/peer_scenario.h"
#include "support/synapse_fixture.h"
#include "sync/sync_loop.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

// The server's count of our signed_curve25519 keys, from an empty /keys/upload; -1 on failure.
int serverKeyCount(Session &session)
{
    auto *request = session.http()->post(QStringLiteral("/_matrix/client/v3/keys/upload"), QJsonObject{});
    QSignalSpy finished(request, &PendingRequest::finished);
    if (!finished.wait(20000))
        return -1;
    const auto response = finished.first().at(0).value<HttpResponse>();
    if (!response.ok())
        return -1;
    return response.json().value("one_time_key_counts").toObject().value("signed_curve25519").toInt(0);
}

bool waitSignal(QSignalSpy &spy, int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (spy.size() < count && !deadline.hasExpired())
        QTest::qWait(20);
    return spy.size() >= count;
}

} // namespace

class TestDeviceIdentity : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    QTemporaryDir m_dir;
    AccountLocation m_where;

    std::unique_ptr<Session> open(bool signIn, std::unique_ptr<QSignalSpy> *deviceKeysUploads)
    {
        auto session = std::make_unique<Session>();
        Session *s = session.get();
        // Spy on the identity as soon as it exists (it is created before signedIn(), started after).
        connect(s, &Session::signedIn, s, [s, deviceKeysUploads] {
            s->syncLoop()->setPollTimeoutMs(1000); // claims don't wake a long poll: sync often
            if (s->crypto())
                *deviceKeysUploads = std::make_unique<QSignalSpy>(s->crypto(), &CryptoSession::deviceKeysUploaded);
        });
        QSignalSpy synced(s, &Session::firstSyncDone);
        if (signIn)
            s->signIn(m_cast.server.baseUrl.toString(), m_cast.me.localpart, m_cast.me.password, {}, m_where);
        else
            s->resumeFromStore(m_where);
        if (!waitSignal(synced, 1, 30000))
            return nullptr;
        return session;
    }

    QJsonObject ourDevice(Session &session)
    {
        const QJsonObject answer = m_cast.peer->command(
            "query_keys", {{"user_id", m_cast.me.userId}, {"device_id", session.credentials().deviceId}});
        return answer.value("devices").toObject().value(session.credentials().deviceId).toObject();
    }

    QJsonArray claim(Session &session, int count, bool untilFallback = false)
    {
        const QJsonObject answer = m_cast.peer->command(
            "claim_keys", {{"user_id", m_cast.me.userId}, {"device_id", session.credentials().deviceId},
                           {"count", count}, {"until_fallback", untilFallback}}, 120000);
        if (!answer.value("ok").toBool())
            qWarning() << "claim_keys:" << answer.value("error").toString();
        return answer.value("keys").toArray();
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_cast.setUp(QStringLiteral("ident"), QStringLiteral("nio"), &error), qPrintable(error));
        QVERIFY(m_dir.isValid());
        m_where.databasePath = m_dir.filePath("account.db");
        m_where.key.resize(32);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_where.key.data()), 8);
    }

    void deviceKeysPublishedAndVerifiedByPeer_oneTimeKeysToppedUp_sameIdentityAfterRestart_fallbackReplaced()
    {
        std::unique_ptr<QSignalSpy> uploads;
        auto session = open(true, &uploads);
        QVERIFY(session);
        CryptoSession *identity = session->crypto();
        QVERIFY(identity);
        QVERIFY(uploads);
        // deviceKeysUploaded() comes once the published flag is stored, a moment after the server's answer.
        QTRY_COMPARE_WITH_TIMEOUT(uploads->size(), 1, 20000);
        QVERIFY(identity->deviceKeysPublished());
        const int target = identity->oneTimeKeyTarget();
        QVERIFY(target >= 10);

        // The peer sees our device with both identity keys, self-signed (checked by nio).
        const QString deviceId = session->credentials().deviceId;
        const IdentityKeys keys = identity->identityKeys();
        QVERIFY(!keys.curve25519.isEmpty() && !keys.ed25519.isEmpty());
        QJsonObject device = ourDevice(*session);
        QCOMPARE(device.value("keys").toObject().value("curve25519:" + deviceId).toString(), keys.curve25519);
        QCOMPARE(device.value("keys").toObject().value("ed25519:" + deviceId).toString(), keys.ed25519);
        QCOMPARE(device.value("algorithms").toArray(),
                 (QJsonArray{"m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"}));
        QVERIFY(device.value("signature_verified").toBool());

        // One-time keys at the target after the first syncs.
        QTRY_COMPARE_WITH_TIMEOUT(serverKeyCount(*session), target, 30000);

        // The peer claims more than a few; each is one of ours, signed, not the fallback; we top back up.
        const QJsonArray claimed = claim(*session, 12);
        QCOMPARE(claimed.size(), 12);
        for (const QJsonValue &k : claimed) {
            QVERIFY(!k.toObject().value("fallback").toBool());
            QVERIFY(k.toObject().value("signature_verified").toBool());
        }
        QTRY_COMPARE_WITH_TIMEOUT(serverKeyCount(*session), target, 30000);
        QCOMPARE(claim(*session, 3).size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(serverKeyCount(*session), target, 30000);

        // Restart from the same store: same identity, device keys not uploaded again.
        session.reset();
        uploads.reset();
        session = open(false, &uploads);
        QVERIFY(session);
        identity = session->crypto();
        QVERIFY(identity && uploads);
        QTRY_VERIFY_WITH_TIMEOUT(identity->isStarted(), 10000);
        QCOMPARE(identity->identityKeys().curve25519, keys.curve25519);
        QCOMPARE(identity->identityKeys().ed25519, keys.ed25519);
        QVERIFY(identity->deviceKeysPublished());
        QTest::qWait(1500); // a sync or two
        QCOMPARE(uploads->size(), 0);
        device = ourDevice(*session);
        QCOMPARE(device.value("keys").toObject().value("ed25519:" + deviceId).toString(), keys.ed25519);
        QVERIFY(device.value("signature_verified").toBool());

        // All one-time keys claimed: the fallback key is handed out; once the server reports it used, a new one
        // is uploaded, and it is what the next exhausted claim gets.
        QSignalSpy keyUploads(identity, &CryptoSession::keysUploaded);
        const QJsonArray drained = claim(*session, 3 * target, true);
        QVERIFY(!drained.isEmpty());
        const QJsonObject firstFallback = drained.last().toObject();
        QVERIFY2(firstFallback.value("fallback").toBool(), "no fallback key after the one-time keys ran out");
        QVERIFY(firstFallback.value("signature_verified").toBool());
        auto fallbackUploaded = [&] {
            for (const auto &args : keyUploads)
                if (args.at(1).toBool())
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(fallbackUploaded(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(serverKeyCount(*session), target, 30000);
        const QJsonArray again = claim(*session, 3 * target, true);
        QVERIFY(!again.isEmpty());
        const QJsonObject secondFallback = again.last().toObject();
        QVERIFY(secondFallback.value("fallback").toBool());
        QVERIFY(secondFallback.value("signature_verified").toBool());
        QVERIFY(secondFallback.value("key").toString() != firstFallback.value("key").toString());
    }
};

QTEST_MAIN(TestDeviceIdentity)
#include "test_device_identity.moc"
