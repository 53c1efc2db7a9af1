// Schema migrations: the committed tests/fixtures/store_v1.db (schema 1, key in store_v1.key, test data only)
// opens, migrates to the current schema in place and keeps its data; the new columns are filled from it.
//
// Regenerate the fixture (only if schema 1 itself had to change, which it must not):
//   ESTAFETTE_WRITE_STORE_FIXTURE=1 build/tests/unit_test_store_migration writeFixture
#include "crypto/crypto_store.h"
#include "events/event_encryption.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/statement.h"
#include "store/stored_json.h"
#include "test_store_helpers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

class TestStoreMigration : public QObject {
    Q_OBJECT
private slots:
    void writeFixture();
    void fixtureIsSchemaOne();
    void migratesFixtureKeepingData();
    void freshDatabaseIsLatest();
    void schemaSixFindsEventsJudgedBeforeIt();
    void newerSchemaRefused();
    void failedMigrationLeavesPreviousVersion();
    void migratesSchemaFourToFiveKeepingCryptoData();
    void schemaSevenKeepsMediaRowsAsUnusable();
};

namespace {

const QString kFixtureDir = QStringLiteral(ESTAFETTE_SOURCE_DIR "/tests/fixtures");

QByteArray fixtureKey()
{
    QFile f(kFixtureDir + "/store_v1.key");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QByteArray::fromHex(f.readAll().trimmed());
}

// A working copy of the fixture (migration changes the file).
QString copyFixture(const QTemporaryDir &dir)
{
    const QString path = dir.filePath("store.db");
    QFile::copy(kFixtureDir + "/store_v1.db", path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

bool insert(Database &db, const char *sql, const QList<QVariant> &values)
{
    Statement s = db.prepare(sql);
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &v = values.at(i);
        if (v.typeId() == QMetaType::QByteArray)
            s.bindBlob(i + 1, v.toByteArray());
        else if (v.typeId() == QMetaType::QString)
            s.bindText(i + 1, v.toString());
        else
            s.bindInt64(i + 1, v.toLongLong());
    }
    return s.exec();
}

QByteArray json(const Event &e)
{
    return toStoredJson(e.json());
}

} // namespace

void TestStoreMigration::writeFixture()
{
    if (qEnvironmentVariableIsEmpty("ESTAFETTE_WRITE_STORE_FIXTURE"))
        QSKIP("writes tests/fixtures/store_v1.db only when ESTAFETTE_WRITE_STORE_FIXTURE is set");
    const QByteArray rawKey = key('F');
    const QString path = kFixtureDir + "/store_v1.db";
    QFile::remove(path);
    {
        StoreError error;
        auto db = Database::open(path, rawKey, &error);
        QVERIFY2(db, qPrintable(error.detail));
        QVERIFY(migrate(*db, &error, 1));
        QCOMPARE(db->userVersion(), 1);
        // Schema 1 rows written with plain SQL, as version 1 of the program wrote them.
        QVERIFY(insert(*db, "INSERT INTO account VALUES (1, ?, ?, ?, ?)",
                       {QString("https://matrix.fixture.example"), QString("@agent:fixture.example"), QString("FIXTUREDEV"),
                        QString("syt_fixture_token")}));
        QVERIFY(insert(*db, "INSERT INTO sync_state VALUES (1, ?)", {QString("s_fixture_42")}));
        QVERIFY(insert(*db, "INSERT INTO account_data VALUES (?, ?)",
                       {QString("m.direct"), json(accountData("m.direct", {{"@bob:fixture.example", QJsonArray{"!direct:fixture.example"}}}))}));
        QVERIFY(insert(*db, "INSERT INTO rooms (id, room_id, membership, heroes, joined_count, invited_count,"
                            " notification_count, highlight_count, top_token, at_beginning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {1, QString("!general:fixture.example"), QString("join"), toStoredJson(QJsonArray{"@bob:fixture.example"}),
                        3, 0, 4, 1, QString("t_top_general"), 0}));
        QVERIFY(insert(*db, "INSERT INTO rooms (id, room_id, membership, top_token) VALUES (?, ?, ?, ?)",
                       {2, QString("!direct:fixture.example"), QString("join"), QString("t_top_direct")}));
        QVERIFY(insert(*db, "INSERT INTO rooms (id, room_id, membership) VALUES (?, ?, ?)",
                       {3, QString("!invited:fixture.example"), QString("invite")}));
        QVERIFY(insert(*db, "INSERT INTO room_state VALUES (?, ?, ?, ?)",
                       {1, QString("m.room.name"), QString(""), json(stateEvent("m.room.name", "", {{"name", "Général"}}, "$name"))}));
        QVERIFY(insert(*db, "INSERT INTO room_state VALUES (?, ?, ?, ?)",
                       {1, QString("m.room.member"), QString("@bob:fixture.example"),
                        json(member("@bob:fixture.example", "join", "Bob", "$mbob"))}));
        QVERIFY(insert(*db, "INSERT INTO room_state VALUES (?, ?, ?, ?)",
                       {3, QString("m.room.member"), QString("@agent:fixture.example"),
                        json(stateEvent("m.room.member", "@agent:fixture.example", {{"membership", "invite"}}, {}, "@bob:fixture.example"))}));
        QVERIFY(insert(*db, "INSERT INTO room_account_data VALUES (?, ?, ?)",
                       {1, QString("m.fully_read"), json(accountData("m.fully_read", {{"event_id", "$g2"}}))}));
        for (int i = 1; i <= 3; ++i)
            QVERIFY(insert(*db, "INSERT INTO timeline (room, pos, event_id, event) VALUES (?, ?, ?, ?)",
                           {1, i - 1, QString("$g%1").arg(i), json(message(QString("$g%1").arg(i), "@bob:fixture.example", QString("fixture message %1").arg(i), 1000 + i))}));
        QVERIFY(insert(*db, "INSERT INTO timeline (room, pos, gap_token) VALUES (?, ?, ?)", {1, 3, QString("t_gap_general")}));
        QVERIFY(insert(*db, "INSERT INTO timeline (room, pos, event_id, event) VALUES (?, ?, ?, ?)",
                       {1, 3 + (qint64(1) << 32), QString("$g10"), json(message("$g10", "@bob:fixture.example", "fixture message 10", 1010))}));
        QVERIFY(insert(*db, "INSERT INTO timeline (room, pos, event_id, event) VALUES (?, ?, ?, ?)",
                       {2, 0, QString("$d1"), json(message("$d1", "@bob:fixture.example", "direct message", 1100))}));
        QVERIFY(insert(*db, "INSERT INTO outbox (txn_id, room_id, type, content, accepted_ms, failed, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       {QString("txn-1"), QString("!general:fixture.example"), QString("m.room.message"),
                        toStoredJson(QJsonObject{{"msgtype", "m.text"}, {"body", "pending one"}}), 5000, 0, QString()}));
        QVERIFY(insert(*db, "INSERT INTO outbox (txn_id, room_id, type, content, accepted_ms, failed, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       {QString("txn-2"), QString("!direct:fixture.example"), QString("m.room.message"),
                        toStoredJson(QJsonObject{{"msgtype", "m.text"}, {"body", "pending two"}}), 6000, 1, QString("M_FORBIDDEN")}));
        QVERIFY(db->exec("PRAGMA wal_checkpoint(TRUNCATE);"));
    }
    QFile keyFile(kFixtureDir + "/store_v1.key");
    QVERIFY(keyFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    keyFile.write(rawKey.toHex() + "\n");
    QFile::remove(path + "-wal");
    QFile::remove(path + "-shm");
}

void TestStoreMigration::fixtureIsSchemaOne()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir);
    QCOMPARE(fixtureKey().size(), 32);
    StoreError error;
    auto db = Database::open(path, fixtureKey(), &error);
    QVERIFY2(db, qPrintable(error.detail));
    QCOMPARE(db->userVersion(), 1);
    Statement s = db->prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('read_markers', 'media_cache')");
    QCOMPARE(s.step(), Statement::Step::Row);
    QCOMPARE(s.int64(0), 0);
}

void TestStoreMigration::migratesFixtureKeepingData()
{
    QTemporaryDir dir;
    const QString path = copyFixture(dir);
    StoreError error;
    {
        auto store = AccountStore::open(path, fixtureKey(), &error);
        QVERIFY2(store, qPrintable(error.detail));
        QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion());
    }
    auto store = AccountStore::open(path, fixtureKey(), &error); // and it opens again without migrating
    QVERIFY2(store, qPrintable(error.detail));

    const std::optional<SessionCredentials> credentials = store->loadCredentials();
    QVERIFY(credentials);
    QCOMPARE(credentials->userId, QStringLiteral("@agent:fixture.example"));
    QCOMPARE(credentials->deviceId, QStringLiteral("FIXTUREDEV"));
    QCOMPARE(credentials->homeserver, QUrl("https://matrix.fixture.example"));
    QCOMPARE(store->syncToken(), QStringLiteral("s_fixture_42"));

    // Schema 2 derived the direct flags from the stored m.direct.
    QVERIFY(store->isDirect("!direct:fixture.example"));
    QVERIFY(!store->isDirect("!general:fixture.example"));

    const SyncDelta snap = store->loadSnapshot();
    QCOMPARE(snap.nextBatch, QStringLiteral("s_fixture_42"));
    QCOMPARE(snap.rooms.size(), 3);
    const RoomDelta *general = findRoom(snap, "!general:fixture.example");
    QVERIFY(general);
    QCOMPARE(ids(general->timeline), QStringList{"$g10"});
    QCOMPARE(general->prevBatch, QStringLiteral("t_gap_general"));
    QCOMPARE(general->state.size(), 2);
    QCOMPARE(general->heroes, QStringList{"@bob:fixture.example"});
    QCOMPARE(general->notificationCount, 4);
    QCOMPARE(general->accountData.size(), 1);
    const RoomDelta *direct = findRoom(snap, "!direct:fixture.example");
    QCOMPARE(bodies(direct->timeline), QStringList{"direct message"});
    QCOMPARE(direct->prevBatch, QStringLiteral("t_top_direct"));
    QCOMPARE(findRoom(snap, "!invited:fixture.example")->membership, Membership::Invite);

    const QList<OutboxEntry> outbox = store->outboxEntries();
    QCOMPARE(outbox.size(), 2);
    QCOMPARE(outbox.at(0).transactionId, QStringLiteral("txn-1"));
    QCOMPARE(outbox.at(1).failureReason, QStringLiteral("M_FORBIDDEN"));

    // The tables schema 2 added work, and old and new data live together.
    QVERIFY(store->setReadMarker("!general:fixture.example", "$g10"));
    QCOMPARE(store->readMarker("!general:fixture.example"), QStringLiteral("$g10"));
    MediaCacheEntry cached;
    cached.mxcUri = QStringLiteral("mxc://fixture.example/a");
    cached.file.fileName = QStringLiteral("cache/a");
    cached.file.cipher.key = QByteArray(32, 'k');
    cached.file.cipher.iv = QByteArray(16, 'i');
    cached.file.cipher.sha256 = QByteArray(32, 's');
    cached.file.size = 3;
    QVERIFY(store->mediaCacheInsert(cached, 1000, 5).ok);
    QCOMPARE(store->mediaCacheGet(cached.mxcUri, QString())->file.size, 3);
    QVERIFY(store->writeOlderPage("!general:fixture.example",
                                  MessagesPage{{message("$g3", "@bob:fixture.example", "fixture message 3")}, {}, "t_gap_general", "x", 0}));
    QCOMPARE(ids(store->loadSnapshot().rooms.first().timeline), (QStringList{"$g1", "$g2", "$g3", "$g10"}));

    // Schema 3 added the crypto account: none yet, then one saved and read back.
    QVERIFY(!store->loadCryptoAccount());
    QVERIFY(store->saveCryptoAccount({QByteArray("pickle-bytes"), QByteArray(32, 'p'), false}));
    QVERIFY(store->saveCryptoAccount({QByteArray("pickle-bytes-2"), QByteArray(32, 'p'), true}));
    const std::optional<StoredCryptoAccount> crypto = store->loadCryptoAccount();
    QVERIFY(crypto);
    QCOMPARE(crypto->pickle, QByteArray("pickle-bytes-2"));
    QCOMPARE(crypto->pickleKey, QByteArray(32, 'p'));
    QVERIFY(crypto->deviceKeysPublished);

    // Schema 4 added what the encryption machine keeps (tested in full by test_crypto_store).
    QVERIFY(!store->crypto().roomEncryption("!general:fixture.example"));
    QVERIFY(store->crypto().setRoomEncryption("!general:fixture.example", {{"algorithm", "m.megolm.v1.aes-sha2"}}));
    QVERIFY(store->crypto().roomEncryption("!general:fixture.example"));
    QCOMPARE(store->crypto().timelineEvent("!general:fixture.example", "$g10")->value("event_id").toString(),
             QStringLiteral("$g10"));
}

void TestStoreMigration::freshDatabaseIsLatest()
{
    QTemporaryDir dir;
    auto store = AccountStore::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(store);
    QCOMPARE(store->schemaVersion(), latestSchemaVersion());
    QVERIFY(latestSchemaVersion() >= 2);
}

void TestStoreMigration::schemaSixFindsEventsJudgedBeforeIt()
{
    // A schema-4 database whose timeline holds events decrypted before schema 6: one from a device Alice's list
    // didn't have yet, a mismatch of Carol's, a known one of Alice's, and a plain message quoting the marker.
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    auto decrypted = [](const QString &id, const QString &sender, const QString &senderKey, SenderTrust trust,
                        const QString &deviceId = {}) {
        const Event encrypted(QJsonObject{{"type", "m.room.encrypted"}, {"event_id", id}, {"sender", sender},
                                          {"origin_server_ts", 1000},
                                          {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"},
                                                                  {"sender_key", senderKey},
                                                                  {"session_id", "S"},
                                                                  {"ciphertext", "AAAA"}}}});
        EncryptionStatus status;
        status.encrypted = status.decrypted = true;
        status.trust = trust;
        status.senderKey = senderKey;
        status.sessionId = QStringLiteral("S");
        status.deviceId = deviceId;
        return decryptedEvent(encrypted, "m.room.message", {{"msgtype", "m.text"}, {"body", id}}, status);
    };
    {
        StoreError error;
        auto db = Database::open(path, key(), &error);
        QVERIFY2(db, qPrintable(error.detail));
        QVERIFY(migrate(*db, &error, 4));
        QVERIFY(insert(*db, "INSERT INTO rooms (id, room_id, membership) VALUES (?, ?, ?)",
                       {1, QString("!r:x"), QString("join")}));
        for (const char *user : {"@alice:x", "@bob:x", "@carol:x"})
            QVERIFY(insert(*db, "INSERT INTO tracked_users VALUES (?, 0)", {QString(user)}));
        const QList<Event> events{
            decrypted("$unknown", "@alice:x", "curveA2", SenderTrust::UnknownDevice),
            decrypted("$mismatch", "@carol:x", "curveX", SenderTrust::Mismatch),
            decrypted("$known", "@alice:x", "curveA1", SenderTrust::KnownDevice, "ALICE1"),
            message("$plain", "@bob:x", "\"trust\":\"unknown_device\""),
        };
        for (int i = 0; i < events.size(); ++i)
            QVERIFY(insert(*db, "INSERT INTO timeline (room, pos, event_id, event) VALUES (1, ?, ?, ?)",
                           {i, events.at(i).eventId(), json(events.at(i))}));
    }
    StoreError error;
    auto store = AccountStore::open(path, key(), &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion());
    CryptoStore &cs = store->crypto();
    const QList<UnconfirmedSender> alice = cs.unconfirmedSenders("@alice:x", "curveA2");
    QCOMPARE(alice.size(), 1);
    QCOMPARE(alice.at(0).roomId, QStringLiteral("!r:x"));
    QCOMPARE(alice.at(0).eventId, QStringLiteral("$unknown"));
    QVERIFY(!alice.at(0).listKnown);
    QCOMPARE(cs.unconfirmedSendersAwaitingList("@alice:x").size(), 1);
    const QList<UnconfirmedSender> carol = cs.unconfirmedSenders("@carol:x", "curveX");
    QCOMPARE(carol.size(), 1);
    QVERIFY(carol.at(0).listKnown);
    QVERIFY(cs.unconfirmedSendersAwaitingList("@carol:x").isEmpty());
    QVERIFY(cs.unconfirmedSenders("@alice:x", "curveA1").isEmpty());
    QVERIFY(cs.unconfirmedSendersAwaitingList("@bob:x").isEmpty());
    // Their senders are queried again at the next start; the others are not.
    const QMap<QString, bool> tracked = cs.trackedUsers();
    QVERIFY(tracked.value("@alice:x"));
    QVERIFY(tracked.value("@carol:x"));
    QVERIFY(!tracked.value("@bob:x", true));

    // The table works like any other: saved, replaced in place, removed.
    QVERIFY(cs.saveUnconfirmedSender({"!r:x", "$unknown", "@alice:x", "curveA2", true}));
    QVERIFY(cs.unconfirmedSendersAwaitingList("@alice:x").isEmpty());
    QCOMPARE(cs.unconfirmedSenders("@alice:x", "curveA2").size(), 1);
    QVERIFY(cs.removeUnconfirmedSender("!r:x", "$unknown"));
    QVERIFY(cs.unconfirmedSenders("@alice:x", "curveA2").isEmpty());
    QVERIFY(!cs.saveUnconfirmedSender({"!r:x", "", "@alice:x", "curveA2", false}));
}

void TestStoreMigration::newerSchemaRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto db = Database::open(path, key(), nullptr);
        QVERIFY(db->setUserVersion(latestSchemaVersion() + 1));
    }
    StoreError error;
    QVERIFY(!AccountStore::open(path, key(), &error));
    QCOMPARE(error.kind, StoreError::Kind::Migration);
}

void TestStoreMigration::failedMigrationLeavesPreviousVersion()
{
    // A schema-1 database where schema 2's new table name is already taken: migration 2 fails and rolls back.
    QTemporaryDir dir;
    const QString path = copyFixture(dir);
    {
        auto db = Database::open(path, fixtureKey(), nullptr);
        QVERIFY(db);
        QVERIFY(db->exec("CREATE TABLE media_cache (x);"));
    }
    StoreError error;
    QVERIFY(!AccountStore::open(path, fixtureKey(), &error));
    QCOMPARE(error.kind, StoreError::Kind::Migration);
    auto db = Database::open(path, fixtureKey(), nullptr);
    QCOMPARE(db->userVersion(), 1);
    Statement s = db->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'read_markers'");
    QCOMPARE(s.step(), Statement::Step::Row);
    QCOMPARE(s.int64(0), 0); // created before the failing step, rolled back with it
    Statement col = db->prepare("SELECT is_direct FROM rooms");
    QVERIFY(!col.isValid()); // the ALTER TABLE was rolled back too
}

void TestStoreMigration::migratesSchemaFourToFiveKeepingCryptoData()
{
    // A schema-4 database with what the encryption machine kept then (written with plain SQL, as version 4 did).
    QTemporaryDir dir;
    const QString path = dir.filePath("v4.db");
    {
        StoreError error;
        auto db = Database::open(path, key(), &error);
        QVERIFY2(db, qPrintable(error.detail));
        QVERIFY(migrate(*db, &error, 4));
        QCOMPARE(db->userVersion(), 4);
        QVERIFY(insert(*db, "INSERT INTO key_requests (request_id, room_id, sender_key, session_id, sent) VALUES (?, ?, ?, ?, ?)",
                       {QString("req-1"), QString("!r:x"), QString("curveKey"), QString("session-1"), 1}));
        QVERIFY(insert(*db, "INSERT INTO crypto_values (key, value) VALUES (?, ?)",
                       {QString("device_lists_since"), QByteArray("s42")}));
        Statement s = db->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'to_device_outbox'");
        QCOMPARE(s.step(), Statement::Step::Row);
        QCOMPARE(s.int64(0), 0);
    }
    StoreError error;
    auto store = AccountStore::open(path, key(), &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion()); // 5, and the schemas after it
    CryptoStore &crypto = store->crypto();
    // Schema 4's data is kept.
    QCOMPARE(crypto.keyRequests().size(), 1);
    QCOMPARE(crypto.keyRequests().at(0).requestId, QStringLiteral("req-1"));
    QVERIFY(crypto.keyRequests().at(0).sent);
    QCOMPARE(crypto.value("device_lists_since"), QByteArray("s42"));
    // Schema 5's to-device outbox: empty, then in queue order; a transaction id keeps its first body.
    QVERIFY(crypto.queuedToDevice().isEmpty());
    const QJsonObject first{{"@a:x", QJsonObject{{"*", QJsonObject{{"action", "request_cancellation"}}}}}};
    const QJsonObject second{{"@a:x", QJsonObject{{"DEV", QJsonObject{{"ciphertext", "c"}}}}}};
    QVERIFY(crypto.queueToDevice({"txn-b", "m.room_key_request", first, 10}));
    QVERIFY(crypto.queueToDevice({"txn-a", "m.room.encrypted", second, 20}));
    QVERIFY(crypto.queueToDevice({"txn-b", "m.room_key_request", second, 30}));
    QVERIFY(!crypto.queueToDevice({"", "m.room.encrypted", second, 40}));
    const QList<QueuedToDevice> queued = crypto.queuedToDevice();
    QCOMPARE(queued.size(), 2);
    QCOMPARE(queued.at(0).transactionId, QStringLiteral("txn-b"));
    QCOMPARE(queued.at(0).eventType, QStringLiteral("m.room_key_request"));
    QCOMPARE(queued.at(0).messages, first);
    QCOMPARE(queued.at(0).queuedMs, 10);
    QCOMPARE(queued.at(1).transactionId, QStringLiteral("txn-a"));
    QVERIFY(crypto.removeQueuedToDevice("txn-b"));
    QCOMPARE(crypto.queuedToDevice().size(), 1);
    QCOMPARE(crypto.queuedToDevice().at(0).transactionId, QStringLiteral("txn-a"));
    // And the messages waiting for an Olm session, per device.
    QVERIFY(crypto.awaitingOlmMessages().isEmpty());
    QVERIFY(crypto.addAwaitingOlmMessage({"@a:x", "DEV", "m.forwarded_room_key", {{"session_id", "s"}}, false}));
    QVERIFY(crypto.addAwaitingOlmMessage({"@a:x", "OTHER", "m.dummy", {}, true}));
    QVERIFY(crypto.setAwaitingNewSession("@a:x", "OTHER", false));
    QList<AwaitingOlmMessage> awaiting = crypto.awaitingOlmMessages();
    QCOMPARE(awaiting.size(), 2);
    QCOMPARE(awaiting.at(0).type, QStringLiteral("m.forwarded_room_key"));
    QCOMPARE(awaiting.at(0).content.value("session_id").toString(), QStringLiteral("s"));
    QVERIFY(!awaiting.at(1).forceNewSession);
    QVERIFY(crypto.removeAwaitingOlmMessages("@a:x", "DEV"));
    awaiting = crypto.awaitingOlmMessages();
    QCOMPARE(awaiting.size(), 1);
    QCOMPARE(awaiting.at(0).deviceId, QStringLiteral("OTHER"));
}

void TestStoreMigration::schemaSevenKeepsMediaRowsAsUnusable()
{
    // A schema-6 database with media_cache rows as schema 2 had them (no IV, no variant, no last use).
    QTemporaryDir dir;
    const QString path = dir.filePath("v6.db");
    {
        StoreError error;
        auto db = Database::open(path, key(), &error);
        QVERIFY2(db, qPrintable(error.detail));
        QVERIFY(migrate(*db, &error, 6));
        QVERIFY(insert(*db, "INSERT INTO media_cache (mxc, file_name, file_key, size) VALUES (?, ?, ?, ?)",
                       {QString("mxc://x/old"), QString("cache/old"), QByteArray(32, 'k'), 10}));
    }
    StoreError error;
    auto store = AccountStore::open(path, key(), &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion());
    // The old row is there, as the whole file's variant, but with no IV it can never be used: the cache
    // removes it (and its file) when it meets it; until then it counts and goes first.
    const std::optional<MediaCacheEntry> old = store->mediaCacheGet("mxc://x/old", QString());
    QVERIFY(old);
    QCOMPARE(old->file.fileName, QStringLiteral("cache/old"));
    QCOMPARE(old->file.cipher.key, QByteArray(32, 'k'));
    QVERIFY(old->file.cipher.iv.isEmpty());
    QVERIFY(!old->file.isValid());
    QCOMPARE(old->lastUsedMs, 0);
    QCOMPARE(store->mediaCacheTotalSize(), 10);
    QCOMPARE(*store->mediaCacheFileNames(), QStringList{"cache/old"});

    MediaCacheEntry fresh;
    fresh.mxcUri = QStringLiteral("mxc://x/new");
    fresh.variant = QStringLiteral("thumb:96x96:crop");
    fresh.file.fileName = QStringLiteral("cache/new");
    fresh.file.cipher.key = QByteArray(32, 'K');
    fresh.file.cipher.iv = QByteArray(16, 'I');
    fresh.file.cipher.sha256 = QByteArray(32, 'S');
    fresh.file.size = 5;
    fresh.mimeType = QStringLiteral("image/png");
    const MediaCacheInsert inserted = store->mediaCacheInsert(fresh, 12, 2000);
    QVERIFY(inserted.ok);
    QCOMPARE(inserted.removed.size(), 1); // 15 bytes > 12: the old row goes first
    QCOMPARE(inserted.removed.at(0).mxcUri, QStringLiteral("mxc://x/old"));
    QVERIFY(!store->mediaCacheGet("mxc://x/old", QString()));
    const std::optional<MediaCacheEntry> back = store->mediaCacheGet(fresh.mxcUri, fresh.variant);
    QVERIFY(back);
    QCOMPARE(back->mimeType, QStringLiteral("image/png"));
    QCOMPARE(back->file.cipher.iv, QByteArray(16, 'I'));
    QCOMPARE(back->file.cipher.sha256, QByteArray(32, 'S'));
    QVERIFY(back->file.isValid());
    QVERIFY(!store->mediaCacheGet(fresh.mxcUri, QString())); // another variant of the same URI
}

QTEST_GUILESS_MAIN(TestStoreMigration)
#include "test_store_migration.moc"
