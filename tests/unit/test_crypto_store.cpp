// SqlCryptoStore (schema 4) through AccountStore::crypto(): every method round-trips, upserts replace, the
// documented orders hold, device lists and tracking, the replay index, named values, timeline events replaced in
// place, nested transactions (savepoints), data surviving a reopen, and the schema-1 fixture migrating to 4.
#include "crypto/crypto_store.h"
#include "store/account_store.h"
#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "test_store_helpers.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

class TestCryptoStore : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void olmSessionsMostRecentlyUsedFirst();
    void inboundGroupSessions();
    void outboundGroupSession();
    void megolmReplayIndex();
    void devicesReplacedAndFoundByCurveKey();
    void ambiguousCurveKeyIdentifiesNobody();
    void trackedUsersAndUntrack();
    void roomEncryption();
    void pendingDecryptionsOldestFirst();
    void keyRequestsOldestFirst();
    void namedValues();
    void timelineEventReplacedInPlace();
    void invalidWritesRefused();
    void nestedInnerRollbackKeepsOuter();
    void outerRollbackDiscardsInner();
    void writeSyncInsideOuterTransaction();
    void nestedTransactionObjects();
    void everythingSurvivesReopen();
    void schemaOneFixtureMigratesToFour();

private:
    std::unique_ptr<AccountStore> reopen();
    CryptoStore &crypto() { return m_store->crypto(); }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AccountStore> m_store;
    QString m_path;
};

namespace {

const QString kRoom = QStringLiteral("!secret:x");
const QString kOtherRoom = QStringLiteral("!other:x");
const QString kAliceCurve = QStringLiteral("curveALICE1");
const QString kBobCurve = QStringLiteral("curveBOB1");

StoredOlmSession olm(const QString &key, const QString &id, qint64 created, qint64 used, const QByteArray &pickle = "p")
{
    StoredOlmSession s;
    s.theirIdentityKey = key;
    s.sessionId = id;
    s.pickle = pickle + id.toUtf8();
    s.createdMs = created;
    s.lastUsedMs = used;
    return s;
}

StoredInboundGroupSession inbound(const QString &room, const QString &sender, const QString &id)
{
    StoredInboundGroupSession s;
    s.roomId = room;
    s.senderKey = sender;
    s.sessionId = id;
    s.pickle = "inbound-pickle-" + id.toUtf8();
    s.claimedEd25519 = "ed-" + sender;
    s.firstKnownIndex = 7;
    s.imported = true;
    s.forwardingChain = {QStringLiteral("fwd1"), QStringLiteral("fwd2")};
    return s;
}

StoredOutboundGroupSession outbound(const QString &room, const QString &id)
{
    StoredOutboundGroupSession s;
    s.roomId = room;
    s.sessionId = id;
    s.pickle = "outbound-pickle-" + id.toUtf8();
    s.createdMs = 123456789;
    s.messageCount = 42;
    s.sharedWith[QStringLiteral("@alice:x")][QStringLiteral("ALICE1")] = 0;
    s.sharedWith[QStringLiteral("@alice:x")][QStringLiteral("ALICE2")] = 41;
    s.sharedWith[QStringLiteral("@bob:x")][QStringLiteral("BOB1")] = 4000000000u;
    return s;
}

StoredDevice device(const QString &user, const QString &id, const QString &curve, const QString &name = {})
{
    StoredDevice d;
    d.userId = user;
    d.deviceId = id;
    d.curve25519 = curve;
    d.ed25519 = "ed-" + id;
    d.displayName = name;
    d.deviceKeys = QJsonObject{{"user_id", user}, {"device_id", id},
                               {"keys", QJsonObject{{"curve25519:" + id, curve}, {"ed25519:" + id, "ed-" + id}}},
                               {"signatures", QJsonObject{{user, QJsonObject{{"ed25519:" + id, "sig"}}}}}};
    return d;
}

StoredKeyRequest keyRequest(const QString &id, const QString &session, bool sent = false)
{
    return StoredKeyRequest{id, kRoom, kAliceCurve, session, sent};
}

QStringList deviceIds(const QList<StoredDevice> &devices)
{
    QStringList ids;
    for (const StoredDevice &d : devices)
        ids << d.deviceId;
    return ids;
}

QStringList requestIds(const QList<StoredKeyRequest> &requests)
{
    QStringList ids;
    for (const StoredKeyRequest &r : requests)
        ids << r.requestId;
    return ids;
}

QJsonObject encryptedEvent(const QString &eventId, const QString &sessionId)
{
    return QJsonObject{{"type", "m.room.encrypted"}, {"event_id", eventId}, {"sender", "@alice:x"},
                       {"origin_server_ts", 2000},
                       {"content", QJsonObject{{"algorithm", "m.megolm.v1.aes-sha2"}, {"sender_key", kAliceCurve},
                                               {"session_id", sessionId}, {"ciphertext", "AwgAEn..."}}}};
}

const QString kFixtureDir = QStringLiteral(ESTAFETTE_SOURCE_DIR "/tests/fixtures");

} // namespace

void TestCryptoStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath("store.db");
    m_store = openStore(m_path);
    QVERIFY(m_store);
}

void TestCryptoStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<AccountStore> TestCryptoStore::reopen()
{
    m_store.reset();
    return openStore(m_path);
}

void TestCryptoStore::olmSessionsMostRecentlyUsedFirst()
{
    QVERIFY(crypto().olmSessions(kAliceCurve).isEmpty());
    QVERIFY(crypto().saveOlmSession(olm(kAliceCurve, "s1", 100, 500)));
    QVERIFY(crypto().saveOlmSession(olm(kAliceCurve, "s2", 200, 900)));
    QVERIFY(crypto().saveOlmSession(olm(kAliceCurve, "s3", 300, 300)));
    QVERIFY(crypto().saveOlmSession(olm(kBobCurve, "b1", 100, 100)));

    QList<StoredOlmSession> sessions = crypto().olmSessions(kAliceCurve);
    QCOMPARE(sessions.size(), 3);
    QCOMPARE(sessions.at(0).sessionId, QStringLiteral("s2"));
    QCOMPARE(sessions.at(1).sessionId, QStringLiteral("s1"));
    QCOMPARE(sessions.at(2).sessionId, QStringLiteral("s3"));
    QCOMPARE(sessions.at(0).theirIdentityKey, kAliceCurve);
    QCOMPARE(sessions.at(0).pickle, QByteArray("ps2"));
    QCOMPARE(sessions.at(0).createdMs, 200);
    QCOMPARE(sessions.at(0).lastUsedMs, 900);

    // Same key and id: replaced (new pickle, used last), not added.
    QVERIFY(crypto().saveOlmSession(olm(kAliceCurve, "s3", 300, 1000, "new-")));
    sessions = crypto().olmSessions(kAliceCurve);
    QCOMPARE(sessions.size(), 3);
    QCOMPARE(sessions.at(0).sessionId, QStringLiteral("s3"));
    QCOMPARE(sessions.at(0).pickle, QByteArray("new-s3"));
    QCOMPARE(crypto().olmSessions(kBobCurve).size(), 1);

    // Keeping the newest two of a device: the least recently used goes, other devices' sessions stay.
    QVERIFY(crypto().keepNewestOlmSessions(kAliceCurve, 2));
    sessions = crypto().olmSessions(kAliceCurve);
    QCOMPARE(sessions.size(), 2);
    QCOMPARE(sessions.at(0).sessionId, QStringLiteral("s3"));
    QCOMPARE(sessions.at(1).sessionId, QStringLiteral("s2"));
    QCOMPARE(crypto().olmSessions(kBobCurve).size(), 1);
    QVERIFY(crypto().keepNewestOlmSessions(kAliceCurve, 5)); // fewer than that: nothing removed
    QCOMPARE(crypto().olmSessions(kAliceCurve).size(), 2);
}

void TestCryptoStore::inboundGroupSessions()
{
    QVERIFY(!crypto().inboundGroupSession(kRoom, kAliceCurve, "m1"));
    const StoredInboundGroupSession first = inbound(kRoom, kAliceCurve, "m1");
    QVERIFY(crypto().saveInboundGroupSession(first));
    QVERIFY(crypto().saveInboundGroupSession(inbound(kRoom, kBobCurve, "m2")));
    QVERIFY(crypto().saveInboundGroupSession(inbound(kOtherRoom, kAliceCurve, "m1")));

    std::optional<StoredInboundGroupSession> read = crypto().inboundGroupSession(kRoom, kAliceCurve, "m1");
    QVERIFY(read);
    QCOMPARE(read->roomId, kRoom);
    QCOMPARE(read->senderKey, kAliceCurve);
    QCOMPARE(read->sessionId, QStringLiteral("m1"));
    QCOMPARE(read->pickle, first.pickle);
    QCOMPARE(read->claimedEd25519, first.claimedEd25519);
    QCOMPARE(read->firstKnownIndex, 7u);
    QVERIFY(read->imported);
    QCOMPARE(read->forwardingChain, (QStringList{"fwd1", "fwd2"}));
    QVERIFY(!crypto().inboundGroupSession(kRoom, kBobCurve, "m1")); // the sender key is part of the key

    // Replaced: a better copy (earlier index, direct from its creator).
    StoredInboundGroupSession better = first;
    better.pickle = "better";
    better.firstKnownIndex = 0;
    better.imported = false;
    better.forwardingChain.clear();
    QVERIFY(crypto().saveInboundGroupSession(better));
    read = crypto().inboundGroupSession(kRoom, kAliceCurve, "m1");
    QCOMPARE(read->pickle, QByteArray("better"));
    QCOMPARE(read->firstKnownIndex, 0u);
    QVERIFY(!read->imported);
    QVERIFY(read->forwardingChain.isEmpty());

    const QList<StoredInboundGroupSession> all = crypto().inboundGroupSessions(kRoom);
    QCOMPARE(all.size(), 2);
    QCOMPARE(crypto().inboundGroupSessions(kOtherRoom).size(), 1);
    QVERIFY(crypto().inboundGroupSessions("!none:x").isEmpty());
}

void TestCryptoStore::outboundGroupSession()
{
    QVERIFY(!crypto().outboundGroupSession(kRoom));
    const StoredOutboundGroupSession session = outbound(kRoom, "out1");
    QVERIFY(crypto().saveOutboundGroupSession(session));
    std::optional<StoredOutboundGroupSession> read = crypto().outboundGroupSession(kRoom);
    QVERIFY(read);
    QCOMPARE(read->roomId, kRoom);
    QCOMPARE(read->sessionId, QStringLiteral("out1"));
    QCOMPARE(read->pickle, session.pickle);
    QCOMPARE(read->createdMs, 123456789);
    QCOMPARE(read->messageCount, 42);
    QVERIFY(read->sharedWith == session.sharedWith);
    QCOMPARE(read->sharedWith.value("@bob:x").value("BOB1"), 4000000000u);

    StoredOutboundGroupSession next = outbound(kRoom, "out2");
    next.sharedWith.clear();
    next.messageCount = 0;
    QVERIFY(crypto().saveOutboundGroupSession(next)); // one per room: replaced
    read = crypto().outboundGroupSession(kRoom);
    QCOMPARE(read->sessionId, QStringLiteral("out2"));
    QVERIFY(read->sharedWith.isEmpty());
    QCOMPARE(read->messageCount, 0);

    QVERIFY(crypto().saveOutboundGroupSession(outbound(kOtherRoom, "out3")));
    QVERIFY(crypto().removeOutboundGroupSession(kRoom));
    QVERIFY(!crypto().outboundGroupSession(kRoom));
    QVERIFY(crypto().removeOutboundGroupSession(kRoom)); // nothing to remove is not a failure
    QVERIFY(crypto().outboundGroupSession(kOtherRoom));
}

void TestCryptoStore::megolmReplayIndex()
{
    QVERIFY(crypto().megolmIndexEvent(kAliceCurve, "m1", 0).isEmpty());
    QVERIFY(crypto().recordMegolmIndex(kAliceCurve, "m1", 0, "$e0"));
    QVERIFY(crypto().recordMegolmIndex(kAliceCurve, "m1", 1, "$e1"));
    QVERIFY(crypto().recordMegolmIndex(kAliceCurve, "m1", 0xffffffffu, "$last"));
    QCOMPARE(crypto().megolmIndexEvent(kAliceCurve, "m1", 0), QStringLiteral("$e0"));
    QCOMPARE(crypto().megolmIndexEvent(kAliceCurve, "m1", 1), QStringLiteral("$e1"));
    QCOMPARE(crypto().megolmIndexEvent(kAliceCurve, "m1", 0xffffffffu), QStringLiteral("$last"));
    QVERIFY(crypto().megolmIndexEvent(kAliceCurve, "m2", 0).isEmpty());
    QVERIFY(crypto().megolmIndexEvent(kBobCurve, "m1", 0).isEmpty());

    // A second event at a recorded index (a replay) does not take the index over.
    QVERIFY(crypto().recordMegolmIndex(kAliceCurve, "m1", 0, "$replay"));
    QCOMPARE(crypto().megolmIndexEvent(kAliceCurve, "m1", 0), QStringLiteral("$e0"));
}

void TestCryptoStore::devicesReplacedAndFoundByCurveKey()
{
    QVERIFY(crypto().devices("@alice:x").isEmpty());
    StoredDevice phone = device("@alice:x", "PHONE", "curvePHONE", "Alice's phone");
    StoredDevice laptop = device("@alice:x", "LAPTOP", "curveLAPTOP");
    QVERIFY(crypto().replaceDevices("@alice:x", {phone, laptop}));
    QVERIFY(crypto().replaceDevices("@bob:x", {device("@bob:x", "BOB1", kBobCurve)}));

    QList<StoredDevice> devices = crypto().devices("@alice:x");
    QCOMPARE(deviceIds(devices), (QStringList{"LAPTOP", "PHONE"}));
    const StoredDevice &readPhone = devices.at(1);
    QCOMPARE(readPhone.userId, QStringLiteral("@alice:x"));
    QCOMPARE(readPhone.curve25519, QStringLiteral("curvePHONE"));
    QCOMPARE(readPhone.ed25519, QStringLiteral("ed-PHONE"));
    QCOMPARE(readPhone.displayName, QStringLiteral("Alice's phone"));
    QCOMPARE(readPhone.deviceKeys, phone.deviceKeys);
    QVERIFY(devices.at(0).displayName.isEmpty());

    std::optional<StoredDevice> byKey = crypto().deviceByCurveKey("curveLAPTOP");
    QVERIFY(byKey);
    QCOMPARE(byKey->userId, QStringLiteral("@alice:x"));
    QCOMPARE(byKey->deviceId, QStringLiteral("LAPTOP"));
    QVERIFY(!crypto().deviceByCurveKey("curveNOBODY"));
    QVERIFY(!crypto().deviceByCurveKey(QString()));

    // The new list is the whole list: the laptop is gone, and so is its key.
    phone.displayName = "Renamed";
    QVERIFY(crypto().replaceDevices("@alice:x", {phone}));
    devices = crypto().devices("@alice:x");
    QCOMPARE(deviceIds(devices), QStringList{"PHONE"});
    QCOMPARE(devices.at(0).displayName, QStringLiteral("Renamed"));
    QVERIFY(!crypto().deviceByCurveKey("curveLAPTOP"));
    QCOMPARE(crypto().devices("@bob:x").size(), 1);

    // Stored under the user named in the call; an empty list forgets them all.
    QVERIFY(crypto().replaceDevices("@carol:x", {device("@someone-else:x", "CAROL1", "curveCAROL")}));
    QCOMPARE(crypto().deviceByCurveKey("curveCAROL")->userId, QStringLiteral("@carol:x"));
    QVERIFY(crypto().replaceDevices("@alice:x", {}));
    QVERIFY(crypto().devices("@alice:x").isEmpty());
}

void TestCryptoStore::ambiguousCurveKeyIdentifiesNobody()
{
    QVERIFY(crypto().replaceDevices("@alice:x", {device("@alice:x", "ALICE1", kAliceCurve)}));
    QVERIFY(crypto().deviceByCurveKey(kAliceCurve));
    // Anyone can publish a device with someone else's curve25519 key.
    QVERIFY(crypto().replaceDevices("@mallory:x", {device("@mallory:x", "EVIL", kAliceCurve)}));
    QVERIFY(!crypto().deviceByCurveKey(kAliceCurve));
    QVERIFY(crypto().untrackUser("@mallory:x"));
    QCOMPARE(crypto().deviceByCurveKey(kAliceCurve)->deviceId, QStringLiteral("ALICE1"));
}

void TestCryptoStore::trackedUsersAndUntrack()
{
    QVERIFY(crypto().trackedUsers().isEmpty());
    QVERIFY(crypto().setTrackedUser("@alice:x", true));
    QVERIFY(crypto().setTrackedUser("@bob:x", true));
    QVERIFY(crypto().setTrackedUser("@alice:x", false)); // replaced
    QMap<QString, bool> expected{{"@alice:x", false}, {"@bob:x", true}};
    QCOMPARE(crypto().trackedUsers(), expected);

    QVERIFY(crypto().replaceDevices("@alice:x", {device("@alice:x", "A1", "curveA1"), device("@alice:x", "A2", "curveA2")}));
    QVERIFY(crypto().replaceDevices("@bob:x", {device("@bob:x", "B1", "curveB1")}));
    QVERIFY(crypto().untrackUser("@alice:x"));
    expected.remove("@alice:x");
    QCOMPARE(crypto().trackedUsers(), expected);
    QVERIFY(crypto().devices("@alice:x").isEmpty());
    QVERIFY(!crypto().deviceByCurveKey("curveA1"));
    QCOMPARE(crypto().devices("@bob:x").size(), 1);
    QVERIFY(crypto().untrackUser("@nobody:x"));
}

void TestCryptoStore::roomEncryption()
{
    QVERIFY(!crypto().roomEncryption(kRoom));
    const QJsonObject content{{"algorithm", "m.megolm.v1.aes-sha2"}, {"rotation_period_ms", 604800000}, {"rotation_period_msgs", 100}};
    QVERIFY(crypto().setRoomEncryption(kRoom, content));
    QCOMPARE(crypto().roomEncryption(kRoom), std::optional<QJsonObject>(content));
    QVERIFY(!crypto().roomEncryption(kOtherRoom));
    const QJsonObject changed{{"algorithm", "m.megolm.v1.aes-sha2"}, {"rotation_period_msgs", 10}};
    QVERIFY(crypto().setRoomEncryption(kRoom, changed));
    QCOMPARE(crypto().roomEncryption(kRoom), std::optional<QJsonObject>(changed));
}

void TestCryptoStore::pendingDecryptionsOldestFirst()
{
    QVERIFY(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1").isEmpty());
    for (const char *id : {"$c", "$a", "$b"})
        QVERIFY(crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", QString::fromLatin1(id)}));
    QVERIFY(crypto().addPendingDecryption({kRoom, kAliceCurve, "m2", "$other-session"}));
    QVERIFY(crypto().addPendingDecryption({kOtherRoom, kAliceCurve, "m1", "$a"}));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1"), (QStringList{"$c", "$a", "$b"}));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m2"), QStringList{"$other-session"});
    QVERIFY(crypto().pendingDecryptions(kRoom, kBobCurve, "m1").isEmpty());

    // Added again: keeps its place.
    QVERIFY(crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", "$c"}));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1"), (QStringList{"$c", "$a", "$b"}));

    QVERIFY(crypto().removePendingDecryption(kRoom, "$a"));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1"), (QStringList{"$c", "$b"}));
    QCOMPARE(crypto().pendingDecryptions(kOtherRoom, kAliceCurve, "m1"), QStringList{"$a"});
    QVERIFY(crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", "$d"}));
    QVERIFY(crypto().removePendingDecryption(kRoom, "$d"));
    QVERIFY(crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", "$e"}));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1"), (QStringList{"$c", "$b", "$e"}));
    QVERIFY(crypto().removePendingDecryption(kRoom, "$never"));
}

void TestCryptoStore::keyRequestsOldestFirst()
{
    QVERIFY(crypto().keyRequests().isEmpty());
    QVERIFY(!crypto().keyRequestFor(kRoom, kAliceCurve, "m1"));
    QVERIFY(crypto().saveKeyRequest(keyRequest("req-b", "m2")));
    QVERIFY(crypto().saveKeyRequest(keyRequest("req-a", "m1")));
    QVERIFY(crypto().saveKeyRequest(keyRequest("req-c", "m3")));
    QCOMPARE(requestIds(crypto().keyRequests()), (QStringList{"req-b", "req-a", "req-c"}));

    std::optional<StoredKeyRequest> found = crypto().keyRequestFor(kRoom, kAliceCurve, "m1");
    QVERIFY(found);
    QCOMPARE(found->requestId, QStringLiteral("req-a"));
    QCOMPARE(found->roomId, kRoom);
    QCOMPARE(found->senderKey, kAliceCurve);
    QCOMPARE(found->sessionId, QStringLiteral("m1"));
    QVERIFY(!found->sent);
    QVERIFY(!crypto().keyRequestFor(kOtherRoom, kAliceCurve, "m1"));

    // Replaced by request id, in place.
    QVERIFY(crypto().saveKeyRequest(keyRequest("req-b", "m2", true)));
    const QList<StoredKeyRequest> all = crypto().keyRequests();
    QCOMPARE(requestIds(all), (QStringList{"req-b", "req-a", "req-c"}));
    QVERIFY(all.at(0).sent);
    QVERIFY(crypto().keyRequestFor(kRoom, kAliceCurve, "m2")->sent);

    QVERIFY(crypto().removeKeyRequest("req-a"));
    QVERIFY(!crypto().keyRequestFor(kRoom, kAliceCurve, "m1"));
    QCOMPARE(requestIds(crypto().keyRequests()), (QStringList{"req-b", "req-c"}));
    QVERIFY(crypto().removeKeyRequest("req-unknown"));
}

void TestCryptoStore::namedValues()
{
    QVERIFY(crypto().value("device_lists_since").isEmpty());
    QVERIFY(crypto().setValue("device_lists_since", "s72594_4483_1934"));
    QCOMPARE(crypto().value("device_lists_since"), QByteArray("s72594_4483_1934"));
    QVERIFY(crypto().setValue("device_lists_since", "s80000"));
    QCOMPARE(crypto().value("device_lists_since"), QByteArray("s80000"));
    const QByteArray binary("\x00\x01\xff\x00z", 5);
    QVERIFY(crypto().setValue("binary", binary));
    QCOMPARE(crypto().value("binary"), binary);
    QVERIFY(crypto().setValue("binary", QByteArray()));
    QVERIFY(crypto().value("binary").isEmpty());
    QVERIFY(crypto().value("other").isEmpty());
}

void TestCryptoStore::timelineEventReplacedInPlace()
{
    SyncDelta delta;
    delta.nextBatch = "s1";
    delta.rooms << joined(kRoom, {}, {message("$before", "@alice:x", "before"), Event(encryptedEvent("$enc", "m1")),
                                      message("$after", "@alice:x", "after")});
    QVERIFY(m_store->writeSync(delta));

    std::optional<QJsonObject> stored = crypto().timelineEvent(kRoom, "$enc");
    QVERIFY(stored);
    QCOMPARE(*stored, encryptedEvent("$enc", "m1"));
    QVERIFY(!crypto().timelineEvent(kRoom, "$missing"));
    QVERIFY(!crypto().timelineEvent(kOtherRoom, "$enc"));

    QJsonObject decrypted = encryptedEvent("$enc", "m1");
    decrypted.insert("type", "m.room.message");
    decrypted.insert("content", QJsonObject{{"msgtype", "m.text"}, {"body", "the secret"}});
    QVERIFY(crypto().replaceTimelineEvent(kRoom, "$enc", decrypted));
    QCOMPARE(crypto().timelineEvent(kRoom, "$enc"), std::optional<QJsonObject>(decrypted));

    // Same place in the timeline.
    const SyncDelta snapshot = m_store->loadSnapshot();
    const RoomDelta *room = findRoom(snapshot, kRoom);
    QVERIFY(room);
    QCOMPARE(ids(room->timeline), (QStringList{"$before", "$enc", "$after"}));
    QCOMPARE(bodies(room->timeline), (QStringList{"before", "the secret", "after"}));

    QVERIFY(!crypto().replaceTimelineEvent(kRoom, "$missing", decrypted));
    QVERIFY(!crypto().replaceTimelineEvent(kOtherRoom, "$enc", decrypted));
}

void TestCryptoStore::invalidWritesRefused()
{
    QVERIFY(!crypto().saveOlmSession(olm(kAliceCurve, QString(), 1, 1)));
    QVERIFY(!crypto().saveInboundGroupSession(inbound(kRoom, QString(), "m1")));
    QVERIFY(!crypto().saveOutboundGroupSession(outbound(QString(), "o")));
    QVERIFY(!crypto().recordMegolmIndex(kAliceCurve, "m1", 0, QString()));
    QVERIFY(!crypto().replaceDevices(QString(), {}));
    QVERIFY(!crypto().setTrackedUser(QString(), true));
    QVERIFY(!crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", QString()}));
    QVERIFY(!crypto().saveKeyRequest(keyRequest(QString(), "m1")));
    QVERIFY(!crypto().setValue(QString(), "x"));
    QVERIFY(!m_store->lastError().isEmpty());

    // A failing device list leaves the previous one (its own savepoint rolled back).
    QVERIFY(crypto().replaceDevices("@alice:x", {device("@alice:x", "A1", "curveA1")}));
    QVERIFY(!crypto().replaceDevices("@alice:x", {device("@alice:x", "A2", "curveA2"), device("@alice:x", QString(), "c")}));
    QCOMPARE(deviceIds(crypto().devices("@alice:x")), QStringList{"A1"});
}

void TestCryptoStore::nestedInnerRollbackKeepsOuter()
{
    bool innerResult = true;
    const bool committed = m_store->inTransaction([&] {
        if (!crypto().setValue("outer-before", "1"))
            return false;
        innerResult = m_store->inTransaction([&] {
            crypto().setValue("inner", "2");
            crypto().saveOlmSession(olm(kAliceCurve, "inner", 1, 1));
            return false; // inner part rolled back
        });
        return crypto().setValue("outer-after", "3");
    });
    QVERIFY(committed);
    QVERIFY(!innerResult);
    QCOMPARE(crypto().value("outer-before"), QByteArray("1"));
    QCOMPARE(crypto().value("outer-after"), QByteArray("3"));
    QVERIFY(crypto().value("inner").isEmpty());
    QVERIFY(crypto().olmSessions(kAliceCurve).isEmpty());

    // And an inner part that commits is kept with the outer one.
    QVERIFY(m_store->inTransaction([&] {
        return crypto().setValue("a", "1") && m_store->inTransaction([&] { return crypto().setValue("b", "2"); });
    }));
    QCOMPARE(crypto().value("b"), QByteArray("2"));
    auto store = reopen();
    QVERIFY(store);
    QCOMPARE(store->crypto().value("outer-before"), QByteArray("1"));
    QCOMPARE(store->crypto().value("b"), QByteArray("2"));
    QVERIFY(store->crypto().value("inner").isEmpty());
}

void TestCryptoStore::outerRollbackDiscardsInner()
{
    bool innerCommitted = false;
    const bool committed = m_store->inTransaction([&] {
        crypto().setValue("outer", "1");
        innerCommitted = m_store->inTransaction([&] {
            return crypto().setValue("inner", "2") && crypto().replaceDevices("@alice:x", {device("@alice:x", "A1", "curveA1")});
        });
        return false;
    });
    QVERIFY(!committed);
    QVERIFY(innerCommitted); // released into the outer transaction, which then rolled back
    QVERIFY(crypto().value("outer").isEmpty());
    QVERIFY(crypto().value("inner").isEmpty());
    QVERIFY(crypto().devices("@alice:x").isEmpty());
    // Not left inside a transaction: the next write is durable on its own.
    QVERIFY(crypto().setValue("after", "x"));
    auto store = reopen();
    QCOMPARE(store->crypto().value("after"), QByteArray("x"));
    QVERIFY(store->crypto().value("inner").isEmpty());
}

void TestCryptoStore::writeSyncInsideOuterTransaction()
{
    SyncDelta delta;
    delta.nextBatch = "s_rolled_back";
    delta.rooms << joined(kRoom, {}, {Event(encryptedEvent("$enc", "m1"))});
    QVERIFY(!m_store->inTransaction([&] {
        return m_store->writeSync(delta) && crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", "$enc"}) && false;
    }));
    QVERIFY(m_store->syncToken().isEmpty());
    QVERIFY(!crypto().timelineEvent(kRoom, "$enc"));
    QVERIFY(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1").isEmpty());

    delta.nextBatch = "s_kept";
    QVERIFY(m_store->inTransaction([&] {
        return m_store->writeSync(delta) && crypto().addPendingDecryption({kRoom, kAliceCurve, "m1", "$enc"});
    }));
    QCOMPARE(m_store->syncToken(), QStringLiteral("s_kept"));
    QVERIFY(crypto().timelineEvent(kRoom, "$enc"));
    QCOMPARE(crypto().pendingDecryptions(kRoom, kAliceCurve, "m1"), QStringList{"$enc"});

    // A failing writeSync inside rolls back its own part only; what the caller did around it stays.
    {
        auto db = Database::open(m_path, key(), nullptr); // another connection plants a trigger
        QVERIFY(db);
        QVERIFY(db->exec("CREATE TRIGGER poison BEFORE INSERT ON timeline WHEN NEW.event_id = '$poison'"
                         " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"));
    }
    SyncDelta bad;
    bad.nextBatch = "s_bad";
    bad.rooms << joined(kOtherRoom, {}, {message("$fine", "@alice:x", "fine"), message("$poison", "@alice:x", "boom")});
    bool syncWritten = true;
    QVERIFY(m_store->inTransaction([&] {
        if (!crypto().setValue("before", "1"))
            return false;
        syncWritten = m_store->writeSync(bad);
        return crypto().setValue("after", "2");
    }));
    QVERIFY(!syncWritten);
    QCOMPARE(m_store->syncToken(), QStringLiteral("s_kept"));
    QVERIFY(!crypto().timelineEvent(kOtherRoom, "$fine"));
    QCOMPARE(crypto().value("before"), QByteArray("1"));
    QCOMPARE(crypto().value("after"), QByteArray("2"));
}

void TestCryptoStore::nestedTransactionObjects()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath("t.db"), key(), nullptr);
    QVERIFY(db);
    QVERIFY(db->exec("CREATE TABLE t (i INTEGER UNIQUE);"));
    QVERIFY(!db->inTransaction());
    auto count = [&] {
        Statement s = db->prepare("SELECT count(*) FROM t");
        return s.step() == Statement::Step::Row ? s.int64(0) : -1;
    };
    {
        Transaction outer(*db);
        QVERIFY(outer.isActive());
        QVERIFY(!outer.isNested());
        QVERIFY(db->inTransaction());
        QVERIFY(db->exec("INSERT INTO t VALUES (1);"));
        {
            Transaction inner(*db);
            QVERIFY(inner.isActive());
            QVERIFY(inner.isNested());
            QVERIFY(db->exec("INSERT INTO t VALUES (2);"));
            QVERIFY(!db->exec("INSERT INTO t VALUES (1);")); // a failed step, then rolled back on destruction
        }
        QVERIFY(db->inTransaction());
        QCOMPARE(count(), 1);
        {
            Transaction inner(*db);
            QVERIFY(db->exec("INSERT INTO t VALUES (3);"));
            {
                Transaction innermost(*db);
                QVERIFY(db->exec("INSERT INTO t VALUES (4);"));
                innermost.rollback();
                QVERIFY(!innermost.commit());
            }
            QVERIFY(inner.commit());
        }
        QCOMPARE(count(), 2);
        QVERIFY(outer.commit());
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(count(), 2);
    {
        Transaction outer(*db);
        QVERIFY(db->exec("INSERT INTO t VALUES (5);"));
        Transaction inner(*db);
        QVERIFY(db->exec("INSERT INTO t VALUES (6);"));
        QVERIFY(inner.commit());
        outer.rollback();
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(count(), 2);
}

void TestCryptoStore::everythingSurvivesReopen()
{
    SyncDelta delta;
    delta.rooms << joined(kRoom, {}, {Event(encryptedEvent("$enc", "m1"))});
    QVERIFY(m_store->writeSync(delta));
    QVERIFY(m_store->inTransaction([&] {
        CryptoStore &c = crypto();
        return c.saveOlmSession(olm(kAliceCurve, "s1", 10, 20)) && c.saveInboundGroupSession(inbound(kRoom, kAliceCurve, "m1"))
            && c.saveOutboundGroupSession(outbound(kRoom, "out1")) && c.recordMegolmIndex(kAliceCurve, "m1", 3, "$enc")
            && c.replaceDevices("@alice:x", {device("@alice:x", "A1", kAliceCurve, "Phone")})
            && c.setTrackedUser("@alice:x", true) && c.setRoomEncryption(kRoom, {{"algorithm", "m.megolm.v1.aes-sha2"}})
            && c.addPendingDecryption({kRoom, kAliceCurve, "m1", "$enc"}) && c.saveKeyRequest(keyRequest("req", "m1", true))
            && c.setValue("device_lists_since", "s9")
            && c.replaceTimelineEvent(kRoom, "$enc", message("$enc", "@alice:x", "decrypted").json());
    }));

    auto store = reopen();
    QVERIFY(store);
    CryptoStore &c = store->crypto();
    QCOMPARE(c.olmSessions(kAliceCurve).size(), 1);
    QCOMPARE(c.olmSessions(kAliceCurve).at(0).pickle, QByteArray("ps1"));
    QCOMPARE(c.inboundGroupSession(kRoom, kAliceCurve, "m1")->forwardingChain, (QStringList{"fwd1", "fwd2"}));
    QVERIFY(c.outboundGroupSession(kRoom)->sharedWith == outbound(kRoom, "out1").sharedWith);
    QCOMPARE(c.megolmIndexEvent(kAliceCurve, "m1", 3), QStringLiteral("$enc"));
    QCOMPARE(c.deviceByCurveKey(kAliceCurve)->displayName, QStringLiteral("Phone"));
    QCOMPARE(c.trackedUsers(), (QMap<QString, bool>{{"@alice:x", true}}));
    QCOMPARE(c.roomEncryption(kRoom)->value("algorithm").toString(), QStringLiteral("m.megolm.v1.aes-sha2"));
    QCOMPARE(c.pendingDecryptions(kRoom, kAliceCurve, "m1"), QStringList{"$enc"});
    QVERIFY(c.keyRequestFor(kRoom, kAliceCurve, "m1")->sent);
    QCOMPARE(c.value("device_lists_since"), QByteArray("s9"));
    QCOMPARE(c.timelineEvent(kRoom, "$enc")->value("content").toObject().value("body").toString(), QStringLiteral("decrypted"));
}

void TestCryptoStore::schemaOneFixtureMigratesToFour()
{
    QFile keyFile(kFixtureDir + "/store_v1.key");
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray fixtureKey = QByteArray::fromHex(keyFile.readAll().trimmed());
    QTemporaryDir dir;
    const QString path = dir.filePath("store.db");
    QVERIFY(QFile::copy(kFixtureDir + "/store_v1.db", path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);

    StoreError error;
    auto store = AccountStore::open(path, fixtureKey, &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion()); // schema 4 and those after it
    QVERIFY(AccountStore::latestSchemaVersion() >= 4);
    CryptoStore &c = store->crypto();
    QVERIFY(c.trackedUsers().isEmpty());
    QVERIFY(c.value("device_lists_since").isEmpty());
    QVERIFY(c.setRoomEncryption("!general:fixture.example", {{"algorithm", "m.megolm.v1.aes-sha2"}}));
    QVERIFY(c.saveOlmSession(olm(kAliceCurve, "s1", 1, 2)));
    // The fixture's timeline, through the crypto store.
    const std::optional<QJsonObject> g1 = c.timelineEvent("!general:fixture.example", "$g1");
    QVERIFY(g1);
    QCOMPARE(g1->value("content").toObject().value("body").toString(), QStringLiteral("fixture message 1"));
    QVERIFY(c.replaceTimelineEvent("!general:fixture.example", "$g1", message("$g1", "@bob:fixture.example", "edited").json()));
    store.reset();

    store = AccountStore::open(path, fixtureKey, &error);
    QVERIFY2(store, qPrintable(error.detail));
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion());
    QVERIFY(store->crypto().roomEncryption("!general:fixture.example"));
    QCOMPARE(store->crypto().olmSessions(kAliceCurve).size(), 1);
    QCOMPARE(store->crypto().timelineEvent("!general:fixture.example", "$g1")->value("content").toObject().value("body").toString(),
             QStringLiteral("edited"));
    QCOMPARE(store->syncToken(), QStringLiteral("s_fixture_42"));
}

QTEST_GUILESS_MAIN(TestCryptoStore)
#include "test_crypto_store.moc"
