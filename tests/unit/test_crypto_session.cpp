// CryptoSession, the GUI-side runner of the crypto machine's requests, over a scripted server and a real encrypted
// store: a failed request is sent again only after a backoff (1 s doubling to 30 s), never in a loop, and a sync that
// succeeds cuts the wait short; which failures drop a queued request for good (only the homeserver's own refusal)
// and which keep it (an error page from a proxy on the way, rate limits, token problems, the network); rooms once
// seen encrypted (in the crypto store or in a sync) stay encrypted for the outbox, whatever a later state says;
// a message to encrypt while the device is being restored at start (the outbox's restored entries) waits for it.
#include "api/keys_api.h"
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/store_bridge.h"
#include "crypto/crypto_store.h"
#include "store/account_store.h"
#include "support/fault_http_server.h"
#include "sync/sync_delta.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kDevice = QStringLiteral("DEVICE1");

// What a proxy in front of the homeserver answers when it's unhappy: an HTML page, no Matrix error body.
CannedResponse proxyPage()
{
    return CannedResponse::raw(403, "<html><body>Access denied by the proxy</body></html>");
}

CannedResponse uploadAnswer()
{
    return CannedResponse::json(200, {{"one_time_key_counts", QJsonObject{{"signed_curve25519", 50}}}});
}

int uploads(const FaultHttpServer &server)
{
    int count = 0;
    for (const RecordedRequest &request : server.requests())
        count += request.path() == "/_matrix/client/v3/keys/upload";
    return count;
}

struct Fixture {
    QTemporaryDir dir;
    FaultHttpServer server;
    HttpClient http;
    KeysApi keys{&http};
    RoomApi roomApi{&http};
    RoomList rooms{kMe};
    StoreBridge store;
    std::unique_ptr<CryptoSession> crypto;

    bool setUp()
    {
        if (!dir.isValid() || !server.listen())
            return false;
        http.setHomeserver(server.url());
        http.setAccessToken(QStringLiteral("token"));
        bool opened = false;
        bool done = false;
        store.open({dir.filePath(QStringLiteral("store.db")), QByteArray(32, 'k')},
                   [&](const StoreBridge::Opened &result) {
                       opened = result.error.ok();
                       done = true;
                   });
        if (!QTest::qWaitFor([&] { return done; }, 10000) || !opened)
            return false;
        crypto = std::make_unique<CryptoSession>(&store, &keys, &roomApi, &rooms, kMe, kDevice);
        return true;
    }
};

} // namespace

class TestCryptoSession : public QObject {
    Q_OBJECT
private slots:
    void failedRequestIsRetriedAfterABackoffNotInALoop()
    {
        Fixture f;
        QVERIFY(f.setUp());
        f.server.setDefaultResponse(proxyPage());
        QSignalSpy published(f.crypto.get(), &CryptoSession::deviceKeysUploaded);
        f.crypto->start(); // publishes the new device's keys first

        // Attempts at about 0 s, 1 s and 3 s: a handful in 3.5 s, where a loop would have made hundreds.
        QTest::qWait(3500);
        const int attempts = uploads(f.server);
        QVERIFY2(attempts >= 2, qPrintable(QString::number(attempts)));
        QVERIFY2(attempts <= 4, qPrintable(QStringLiteral("%1 uploads in 3.5 s").arg(attempts)));
        QVERIFY(published.isEmpty());

        // The proxy lets requests through again: the next attempt (at about 7 s) publishes the keys.
        f.server.setDefaultResponse(uploadAnswer());
        QTRY_COMPARE_WITH_TIMEOUT(published.size(), 1, 15000);
        QVERIFY(f.crypto->deviceKeysPublished());
    }

    void aSucceedingSyncCutsTheWaitShort()
    {
        Fixture f;
        QVERIFY(f.setUp());
        f.server.setDefaultResponse(proxyPage());
        QSignalSpy published(f.crypto.get(), &CryptoSession::deviceKeysUploaded);
        QSignalSpy finished(f.crypto.get(), &CryptoSession::requestFinished);
        const auto failedUploads = [&] {
            int count = 0;
            for (const QList<QVariant> &args : std::as_const(finished))
                count += args.at(0).toInt() == int(CryptoRequest::Kind::KeysUpload) && !args.at(1).toBool();
            return count;
        };
        f.crypto->start();
        // Three uploads refused and their answers handled (none still on its way): the wait is now 4 s.
        QTRY_VERIFY_WITH_TIMEOUT(failedUploads() >= 3, 10000);
        f.server.setDefaultResponse(uploadAnswer());
        const int before = uploads(f.server);
        f.crypto->syncSucceeded();
        QTRY_COMPARE_WITH_TIMEOUT(published.size(), 1, 2000);
        QCOMPARE(uploads(f.server), before + 1);
    }

    void roomsOnceEncryptedAreRemembered()
    {
        const QString seen = QStringLiteral("!seen:x");
        const QString stored = QStringLiteral("!stored:x");
        Fixture f;
        QVERIFY(f.setUp());
        f.server.setDefaultResponse(uploadAnswer());
        // Known from the crypto store (an earlier run), before this session starts.
        bool written = false;
        f.store.run<bool>(
            [stored](StoreWorkerState &state) {
                return state.store->crypto().setRoomEncryption(
                    stored, QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}});
            },
            [&](const bool &ok) { written = ok; });
        QTRY_VERIFY(written);
        QSignalSpy started(f.crypto.get(), &CryptoSession::started);
        f.crypto->start();
        QTRY_COMPARE(started.size(), 1);
        QVERIFY(f.crypto->remembersEncryption(stored));
        QVERIFY(!f.crypto->remembersEncryption(seen));

        // Seen encrypted in a sync.
        const QJsonObject sync{
            {"next_batch", "1"},
            {"rooms",
             QJsonObject{{"join",
                          QJsonObject{{seen, QJsonObject{{"state", QJsonObject{{"events", QJsonArray{
                              QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@bob:x"},
                                          {"event_id", "$c"}, {"content", QJsonObject{}}},
                              QJsonObject{{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", "@bob:x"},
                                          {"event_id", "$e"},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}}}}}}}}}}}}};
        const SyncParseResult parsed = parseSyncResponse(QJsonDocument(sync).toJson());
        QVERIFY(parsed.ok);
        f.rooms.applySync(parsed.delta);
        QVERIFY(f.crypto->remembersEncryption(seen));

        // A later state of that room without m.room.encryption (a rejoin served by a lying server) changes nothing.
        const QJsonObject rejoin{
            {"next_batch", "2"},
            {"rooms",
             QJsonObject{{"join",
                          QJsonObject{{seen, QJsonObject{{"state", QJsonObject{{"events", QJsonArray{
                              QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@bob:x"},
                                          {"event_id", "$c2"}, {"content", QJsonObject{}}}}}}}}}}}}}};
        const SyncParseResult again = parseSyncResponse(QJsonDocument(rejoin).toJson());
        QVERIFY(again.ok);
        f.rooms.applySync(again.delta);
        QVERIFY(f.crypto->remembersEncryption(seen));
    }

    void aMessageToEncryptWhileStartingWaitsForTheDevice()
    {
        const QString roomId = QStringLiteral("!r:x");
        Fixture f;
        QVERIFY(f.setUp());
        f.server.setDefaultResponse(uploadAnswer());
        const QJsonObject content{{"msgtype", "m.text"}, {"body", "restored from the store"}};
        // Before start() nothing will ever encrypt it: refused at once.
        std::optional<RoomEncryptor::Result> early;
        f.crypto->encrypt(roomId, QStringLiteral("m.room.message"), content,
                          [&](const RoomEncryptor::Result &result) { early = result; });
        QVERIFY(early && !early->ok && early->error.kind == MatrixError::Kind::Encryption);

        // Asked for right after start(), as the outbox does for the entries it restores: it waits for the device,
        // then goes on (the room's members are fetched first) instead of failing as "not available".
        QSignalSpy started(f.crypto.get(), &CryptoSession::started);
        f.crypto->start();
        std::optional<RoomEncryptor::Result> waited;
        f.crypto->encrypt(roomId, QStringLiteral("m.room.message"), content,
                          [&](const RoomEncryptor::Result &result) { waited = result; });
        QVERIFY(!waited);
        QVERIFY(!f.crypto->isStarted());
        QTRY_COMPARE(started.size(), 1);
        const auto membersAsked = [&] {
            for (const RecordedRequest &request : f.server.requests())
                if (request.path().startsWith("/_matrix/client/v3/rooms/") && request.path().endsWith("/members"))
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(membersAsked(), 10000);
    }

    void onlyTheHomeserversOwnRefusalDropsARequest_data()
    {
        QTest::addColumn<MatrixError>("error");
        QTest::addColumn<bool>("refused");
        const auto matrix = [](int status, const char *errcode) {
            return MatrixError::fromHttp(status, QByteArray("{\"errcode\":\"") + errcode + "\",\"error\":\"no\"}");
        };
        QTest::newRow("M_FORBIDDEN") << matrix(403, "M_FORBIDDEN") << true;
        QTest::newRow("M_BAD_JSON") << matrix(400, "M_BAD_JSON") << true;
        QTest::newRow("M_NOT_FOUND") << matrix(404, "M_NOT_FOUND") << true;
        QTest::newRow("proxy 403 page") << MatrixError::fromHttp(403, "<html>denied</html>") << false;
        QTest::newRow("proxy 404 page") << MatrixError::fromHttp(404, "<html>not here</html>") << false;
        QTest::newRow("proxy 407") << MatrixError::fromHttp(407, "") << false;
        QTest::newRow("rate limited") << matrix(429, "M_LIMIT_EXCEEDED") << false;
        QTest::newRow("unknown token") << matrix(401, "M_UNKNOWN_TOKEN") << false;
        QTest::newRow("408") << matrix(408, "M_UNKNOWN") << false;
        QTest::newRow("5xx") << matrix(502, "M_UNKNOWN") << false;
        QTest::newRow("network") << MatrixError::network(QStringLiteral("refused")) << false;
        QTest::newRow("tls") << MatrixError::tls(QStringLiteral("untrusted")) << false;
        QTest::newRow("not JSON") << MatrixError::invalidResponse(QStringLiteral("html")) << false;
    }

    void onlyTheHomeserversOwnRefusalDropsARequest()
    {
        QFETCH(MatrixError, error);
        QFETCH(bool, refused);
        QCOMPARE(CryptoSession::failureOf(error) == CryptoMachine::Failure::Refused, refused);
    }
};

QTEST_GUILESS_MAIN(TestCryptoSession)
#include "test_crypto_session.moc"
