// The outbox and end-to-end encryption: in an encrypted room every message goes through the encryptor and out
// as m.room.encrypted with the same transaction id; without an encryptor, or when encryption fails for good, the
// message fails and nothing is sent in the clear; a transient failure (network) is retried.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_encryptor.h"
#include "rooms/room_list.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!enc:x");

void joinRoom(RoomList &list, bool encrypted)
{
    QJsonArray state;
    if (encrypted)
        state.append(QJsonObject{{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", "@bob:x"},
                                 {"event_id", "$enc"}, {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}});
    const QJsonObject sync{
        {"next_batch", "1"},
        {"rooms", QJsonObject{{"join", QJsonObject{{kRoom, QJsonObject{{"state", QJsonObject{{"events", state}}}}}}}}}};
    const SyncParseResult result = parseSyncResponse(QJsonDocument(sync).toJson());
    QVERIFY(result.ok);
    list.applySync(result.delta);
}

// Answers with a canned result, after the first `failuresFirst` calls fail with `failure`.
class ScriptedEncryptor : public RoomEncryptor {
public:
    int calls = 0;
    int failuresFirst = 0;
    MatrixError failure;
    QStringList types;
    void encrypt(const QString &, const QString &type, const QJsonObject &content,
                 std::function<void(const Result &)> done) override
    {
        ++calls;
        types.append(type);
        Result result;
        if (calls <= failuresFirst) {
            result.error = failure;
        } else {
            result.ok = true;
            result.content = QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"},
                                         {"ciphertext", QString::fromLatin1(QJsonDocument(content).toJson().toBase64())},
                                         {"session_id", "S"},
                                         {"sender_key", "K"}};
        }
        done(result);
    }
};

// An outbox over a scripted server, with the room joined (encrypted or not).
struct Fixture {
    FaultHttpServer server;
    HttpClient http;
    RoomApi api{&http};
    RoomList rooms{kMe};
    std::unique_ptr<Outbox> outbox;

    bool setUp(bool encrypted)
    {
        if (!server.listen())
            return false;
        server.setDefaultResponse(CannedResponse::json(200, {{"event_id", "$sent"}}));
        http.setHomeserver(server.url());
        joinRoom(rooms, encrypted);
        outbox = std::make_unique<Outbox>(&api, &rooms, kMe);
        return true;
    }
};

} // namespace

class TestOutboxEncryption : public QObject {
    Q_OBJECT
private slots:
    void encryptedRoom_sendsCiphertextWithSameTransactionId()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        FaultHttpServer &server = f.server;
        Outbox &outbox = *f.outbox;
        ScriptedEncryptor encryptor;
        encryptor.failuresFirst = 2;
        encryptor.failure = MatrixError::network(QStringLiteral("down"));
        outbox.setEncryptor(&encryptor);
        outbox.setRetryPolicy(RetryPolicy{0, 10, 20});
        QSignalSpy sent(&outbox, &Outbox::sent);
        const QString txn = outbox.sendText(kRoom, QStringLiteral("confidentiel"));
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(encryptor.calls, 3); // two transient failures retried
        QCOMPARE(encryptor.types.first(), QStringLiteral("m.room.message"));
        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest request = server.requests().first();
        QCOMPARE(request.method, QByteArray("PUT"));
        QVERIFY2(request.path().endsWith("/send/m.room.encrypted/" + txn.toUtf8()), request.target.constData());
        QVERIFY(!request.body.contains("confidentiel"));
    }

    void encryptedRoom_withoutEncryptor_failsAndSendsNothing()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        FaultHttpServer &server = f.server;
        Outbox &outbox = *f.outbox;
        QSignalSpy failed(&outbox, &Outbox::failed);
        outbox.sendText(kRoom, QStringLiteral("ne doit pas partir en clair"));
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(2).value<MatrixError>().kind, MatrixError::Kind::Encryption);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 0);
    }

    void encryptedRoom_permanentEncryptionFailure_failsAndSendsNothing()
    {
        Fixture f;
        QVERIFY(f.setUp(true));
        FaultHttpServer &server = f.server;
        Outbox &outbox = *f.outbox;
        ScriptedEncryptor encryptor;
        encryptor.failuresFirst = 1000;
        encryptor.failure = MatrixError::encryption(QStringLiteral("no session"));
        outbox.setEncryptor(&encryptor);
        QSignalSpy failed(&outbox, &Outbox::failed);
        outbox.sendText(kRoom, QStringLiteral("secret"));
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(encryptor.calls, 1);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 0);
    }

    void unencryptedRoom_bypassesTheEncryptor()
    {
        Fixture f;
        QVERIFY(f.setUp(false));
        FaultHttpServer &server = f.server;
        Outbox &outbox = *f.outbox;
        ScriptedEncryptor encryptor;
        outbox.setEncryptor(&encryptor);
        QSignalSpy sent(&outbox, &Outbox::sent);
        outbox.sendText(kRoom, QStringLiteral("public"));
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(encryptor.calls, 0);
        QVERIFY(server.requests().first().path().contains("/send/m.room.message/"));
    }
};

QTEST_MAIN(TestOutboxEncryption)
#include "test_outbox_encryption.moc"
