// The outbox and end-to-end encryption: in an encrypted room every message goes through the encryptor and out
// as m.room.encrypted with the same transaction id; without an encryptor, or when encryption fails for good, the
// message fails and nothing is sent in the clear; a transient failure (network) is retried. A message for a room
// whose state is not known (not listed, not joined, no creation event) waits and is never sent in the clear by
// default: encrypted once a sync says the room is encrypted, failed when a sync says we left it.
#include "api/room_api.h"
#include "net/http_client.h"
#include "rooms/local_echo_applier.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_encryptor.h"
#include "rooms/room_list.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kMe = QStringLiteral("@me:x");
const QString kRoom = QStringLiteral("!enc:x");

// One sync response for the room: `state` events, with `membership` "join" or "invite" (invite_state) or "leave".
void syncRoom(RoomList &list, const QJsonArray &state, const QString &membership = QStringLiteral("join"))
{
    const QString section = membership == QLatin1String("invite") ? QStringLiteral("invite_state")
                                                                     : QStringLiteral("state");
    const QJsonObject sync{
        {"next_batch", "2"},
        {"rooms", QJsonObject{{membership, QJsonObject{{kRoom, QJsonObject{{section, QJsonObject{{"events", state}}}}}}}}}};
    const SyncParseResult result = parseSyncResponse(QJsonDocument(sync).toJson());
    QVERIFY(result.ok);
    list.applySync(result.delta);
}

QJsonObject createEvent()
{
    return QJsonObject{{"type", "m.room.create"}, {"state_key", ""}, {"sender", "@bob:x"}, {"event_id", "$create"},
                       {"content", QJsonObject{}}};
}

QJsonObject encryptionEvent()
{
    return QJsonObject{{"type", "m.room.encryption"}, {"state_key", ""}, {"sender", "@bob:x"}, {"event_id", "$enc"},
                       {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}}}};
}

void joinRoom(RoomList &list, bool encrypted)
{
    QJsonArray state{createEvent()};
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
    QSet<QString> remembered; // rooms the crypto store knows as encrypted
    bool remembersEncryption(const QString &roomId) const override { return remembered.contains(roomId); }
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
    std::unique_ptr<LocalEchoApplier> echoes;

    // `joined`: the room is listed with its state (encrypted or not) before the outbox starts.
    bool setUp(bool encrypted, bool joined = true)
    {
        if (!server.listen())
            return false;
        server.setDefaultResponse(CannedResponse::json(200, {{"event_id", "$sent"}}));
        http.setHomeserver(server.url());
        if (joined)
            joinRoom(rooms, encrypted);
        outbox = std::make_unique<Outbox>(&api, &rooms, kMe);
        echoes = std::make_unique<LocalEchoApplier>(outbox.get(), &rooms);
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

    void rememberedEncryption_isNotUndoneByAStateWithoutIt()
    {
        // After a leave and rejoin the room's state comes anew from the server; one without m.room.encryption
        // can't turn encryption off for a room the crypto store knows as encrypted.
        Fixture f;
        QVERIFY(f.setUp(false));
        ScriptedEncryptor encryptor;
        encryptor.remembered.insert(kRoom);
        f.outbox->setEncryptor(&encryptor);
        QSignalSpy sent(f.outbox.get(), &Outbox::sent);
        f.outbox->sendText(kRoom, QStringLiteral("toujours chiffré"));
        QTRY_COMPARE(sent.size(), 1);
        QCOMPARE(encryptor.calls, 1);
        QVERIFY2(f.server.requests().first().path().contains("/send/m.room.encrypted/"),
                 f.server.requests().first().path().constData());
    }

    void unlistedRoom_waitsThenGoesOutEncrypted();
    void roomWithoutKnownState_waitsThenGoesOutEncrypted();
    void invitedRoom_waitsForTheJoin();
    void knownUnencryptedStateAfterWaiting_goesOutInTheClear();
    void roomWeAreNotIn_failsAndSendsNothing();
};

// --- the room's state not known: wait, never the clear by default ----------------------------------------------

void TestOutboxEncryption::unlistedRoom_waitsThenGoesOutEncrypted()
{
    Fixture f;
    QVERIFY(f.setUp(true, false)); // the room is not in the list (joined elsewhere, not synced yet)
    ScriptedEncryptor encryptor;
    f.outbox->setEncryptor(&encryptor);
    QSignalSpy sent(f.outbox.get(), &Outbox::sent);
    QSignalSpy failed(f.outbox.get(), &Outbox::failed);
    const QString txn = f.outbox->sendText(kRoom, QStringLiteral("confidentiel"));
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), 0); // nothing went out, in the clear or otherwise
    QCOMPARE(failed.size(), 0);
    QCOMPARE(f.outbox->pendingCount(), 1);

    // The sync brings the room: encrypted. The message goes out encrypted, with its transaction id.
    syncRoom(f.rooms, QJsonArray{createEvent(), encryptionEvent()});
    QTRY_COMPARE(sent.size(), 1);
    QCOMPARE(encryptor.calls, 1);
    QCOMPARE(f.server.requestCount(), 1);
    const RecordedRequest request = f.server.requests().first();
    QVERIFY2(request.path().endsWith("/send/m.room.encrypted/" + txn.toUtf8()), request.target.constData());
    QVERIFY(!request.body.contains("confidentiel"));
    // Its local echo appeared once the room was listed.
    QVERIFY(f.rooms.room(kRoom)->timeline()->size() > 0);
}

void TestOutboxEncryption::roomWithoutKnownState_waitsThenGoesOutEncrypted()
{
    Fixture f;
    QVERIFY(f.setUp(true, false));
    // Listed, but no state yet (a timeline-only delta, as for a room whose state was not loaded).
    syncRoom(f.rooms, QJsonArray{});
    QVERIFY(f.rooms.room(kRoom));
    ScriptedEncryptor encryptor;
    f.outbox->setEncryptor(&encryptor);
    QSignalSpy sent(f.outbox.get(), &Outbox::sent);
    f.outbox->sendText(kRoom, QStringLiteral("confidentiel"));
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), 0);
    QCOMPARE(f.outbox->pendingCount(), 1);

    syncRoom(f.rooms, QJsonArray{createEvent(), encryptionEvent()});
    QTRY_COMPARE(sent.size(), 1);
    QCOMPARE(encryptor.calls, 1);
    QVERIFY(f.server.requests().first().path().contains("/send/m.room.encrypted/"));
    QVERIFY(!f.server.requests().first().body.contains("confidentiel"));
}

void TestOutboxEncryption::invitedRoom_waitsForTheJoin()
{
    Fixture f;
    QVERIFY(f.setUp(true, false));
    syncRoom(f.rooms, QJsonArray{createEvent()}, QStringLiteral("invite")); // no encryption in the invite's state
    ScriptedEncryptor encryptor;
    f.outbox->setEncryptor(&encryptor);
    QSignalSpy sent(f.outbox.get(), &Outbox::sent);
    f.outbox->sendText(kRoom, QStringLiteral("confidentiel"));
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), 0);

    syncRoom(f.rooms, QJsonArray{createEvent(), encryptionEvent()}); // joined: the full state
    QTRY_COMPARE(sent.size(), 1);
    QVERIFY(f.server.requests().first().path().contains("/send/m.room.encrypted/"));
}

void TestOutboxEncryption::knownUnencryptedStateAfterWaiting_goesOutInTheClear()
{
    Fixture f;
    QVERIFY(f.setUp(false, false));
    ScriptedEncryptor encryptor;
    f.outbox->setEncryptor(&encryptor);
    QSignalSpy sent(f.outbox.get(), &Outbox::sent);
    f.outbox->sendText(kRoom, QStringLiteral("public"));
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), 0);
    syncRoom(f.rooms, QJsonArray{createEvent()}); // known, and not encrypted
    QTRY_COMPARE(sent.size(), 1);
    QCOMPARE(encryptor.calls, 0);
    QVERIFY(f.server.requests().first().path().contains("/send/m.room.message/"));
}

void TestOutboxEncryption::roomWeAreNotIn_failsAndSendsNothing()
{
    Fixture f;
    QVERIFY(f.setUp(true, false));
    ScriptedEncryptor encryptor;
    f.outbox->setEncryptor(&encryptor);
    QSignalSpy failed(f.outbox.get(), &Outbox::failed);
    const QString txn = f.outbox->sendText(kRoom, QStringLiteral("confidentiel"));
    QTest::qWait(200);
    QCOMPARE(f.server.requestCount(), 0);
    syncRoom(f.rooms, QJsonArray{}, QStringLiteral("leave")); // the sync says we are not in it
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(1).toString(), txn);
    QCOMPARE(failed.first().at(2).value<MatrixError>().errcode, QStringLiteral("M_FORBIDDEN"));
    QTest::qWait(100);
    QCOMPARE(f.server.requestCount(), 0);
    QCOMPARE(encryptor.calls, 0);
}

QTEST_MAIN(TestOutboxEncryption)
#include "test_outbox_encryption.moc"
