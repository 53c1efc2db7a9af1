// AccountStore: sync deltas written in one transaction and read back as the cold-start snapshot; gaps, stored
// pages ("store:" tokens), invites, leaves, direct flags, failure atomicity, nothing readable at rest.
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "store/account_store.h"
#include "store/database.h"
#include "test_store_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

class TestStoreSync : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void roundTripAfterReopen();
    void timelineStateUpdatesCurrentState();
    void countsKeptWhenNotSent();
    void duplicateEventsStoredOnce();
    void limitedSyncLeavesGap();
    void gapFilledByOlderPages();
    void storedPagesDownToServerToken();
    void olderPageAtTopAndBeginning();
    void inviteKeepsStrippedStateThenJoinReplacesIt();
    void leaveRemovesTheRoom();
    void directFlagsFromAccountData();
    void failedWriteLeavesNothing();
    void nothingReadableAtRest();
    void snapshotFeedsRoomList();

private:
    std::unique_ptr<AccountStore> reopen();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AccountStore> m_store;
    QString m_path;
};

namespace {

const QString kRoomA = QStringLiteral("!archives:x");
const QString kRoomB = QStringLiteral("!invite:x");

QList<Event> messages(const QString &prefix, int from, int to, const QString &sender = QStringLiteral("@alice:x"))
{
    QList<Event> list;
    for (int i = from; i <= to; ++i)
        list << message(QStringLiteral("$%1%2").arg(prefix).arg(i), sender, QStringLiteral("%1 %2").arg(prefix).arg(i), 1000 + i);
    return list;
}

QStringList idRange(const QString &prefix, int from, int to)
{
    QStringList list;
    for (int i = from; i <= to; ++i)
        list << QStringLiteral("$%1%2").arg(prefix).arg(i);
    return list;
}

SyncDelta delta(const QString &nextBatch, const QList<RoomDelta> &rooms, const QList<Event> &global = {})
{
    SyncDelta d;
    d.nextBatch = nextBatch;
    d.rooms = rooms;
    d.accountData = global;
    return d;
}

MessagesPage page(const QString &start, const QList<Event> &chronological, const QString &end, const QList<Event> &state = {})
{
    MessagesPage p;
    p.start = start;
    p.end = end;
    p.state = state;
    for (auto it = chronological.crbegin(); it != chronological.crend(); ++it)
        p.chunk << *it; // newest first, as the server sends it
    return p;
}

const Event *stateOf(const RoomDelta &rd, const QString &type, const QString &stateKey)
{
    for (const Event &e : rd.state) {
        if (e.type() == type && e.stateKey() == stateKey)
            return &e;
    }
    return nullptr;
}

} // namespace

void TestStoreSync::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath("store.db");
    m_store = openStore(m_path);
    QVERIFY(m_store);
}

void TestStoreSync::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

std::unique_ptr<AccountStore> TestStoreSync::reopen()
{
    m_store.reset();
    return openStore(m_path);
}

void TestStoreSync::roundTripAfterReopen()
{
    RoomDelta a = joined(kRoomA,
                         {stateEvent("m.room.create", "", {{"creator", "@admin:x"}}, "$create"),
                          stateEvent("m.room.name", "", {{"name", "Archives"}}, "$name"),
                          member("@alice:x", "join", "Alice", "$ma")},
                         messages("a", 1, 3), false, "top-a");
    a.heroes = QStringList{"@alice:x", "@bob:x"};
    a.hasSummary = true;
    a.joinedCount = 3;
    a.invitedCount = 1;
    a.notificationCount = 2;
    a.highlightCount = 1;
    a.accountData = {accountData("m.fully_read", {{"event_id", "$a2"}}), accountData("org.example.tag", {{"x", 1}})};
    QVERIFY(m_store->writeSync(delta("s1", {a}, {accountData("m.push_rules", {{"global", QJsonObject{}}})})));
    QCOMPARE(m_store->syncToken(), QStringLiteral("s1"));

    auto store = reopen();
    QVERIFY(store);
    const SyncDelta snap = store->loadSnapshot(40);
    QCOMPARE(snap.nextBatch, QStringLiteral("s1"));
    QCOMPARE(snap.accountData.size(), 1);
    QCOMPARE(snap.accountData.first().type(), QStringLiteral("m.push_rules"));
    QCOMPARE(snap.rooms.size(), 1);
    const RoomDelta &r = snap.rooms.first();
    QCOMPARE(r.roomId, kRoomA);
    QCOMPARE(r.membership, Membership::Join);
    QCOMPARE(r.state.size(), 3);
    QVERIFY(stateOf(r, "m.room.name", ""));
    QCOMPARE(stateOf(r, "m.room.name", "")->content().value("name").toString(), QStringLiteral("Archives"));
    QCOMPARE(stateOf(r, "m.room.member", "@alice:x")->eventId(), QStringLiteral("$ma"));
    QCOMPARE(ids(r.timeline), idRange("a", 1, 3));
    QCOMPARE(r.timeline.at(1).json(), messages("a", 2, 2).first().json()); // the JSON comes back whole
    QVERIFY(!r.limited);
    QCOMPARE(r.prevBatch, QStringLiteral("top-a"));
    QCOMPARE(r.heroes, (QStringList{"@alice:x", "@bob:x"}));
    QVERIFY(r.hasSummary);
    QCOMPARE(r.joinedCount, 3);
    QCOMPARE(r.invitedCount, 1);
    QCOMPARE(r.notificationCount, 2);
    QCOMPARE(r.highlightCount, 1);
    QCOMPARE(r.accountData.size(), 2);
}

void TestStoreSync::timelineStateUpdatesCurrentState()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {stateEvent("m.room.name", "", {{"name", "Old"}}, "$n1")},
                                                   messages("a", 1, 1))})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {},
                                                   {stateEvent("m.room.name", "", {{"name", "New"}}, "$n2"),
                                                    member("@carol:x", "join", "Carol", "$mc")})})));
    const SyncDelta snap = m_store->loadSnapshot(40);
    const RoomDelta &r = snap.rooms.first();
    QCOMPARE(stateOf(r, "m.room.name", "")->content().value("name").toString(), QStringLiteral("New"));
    QVERIFY(stateOf(r, "m.room.member", "@carol:x"));
    QCOMPARE(r.state.size(), 2);
    QCOMPARE(ids(r.timeline), (QStringList{"$a1", "$n2", "$mc"}));
}

void TestStoreSync::countsKeptWhenNotSent()
{
    RoomDelta first = joined(kRoomA, {}, messages("a", 1, 1));
    first.notificationCount = 5;
    first.highlightCount = 2;
    first.heroes = QStringList{"@alice:x"};
    first.joinedCount = 2;
    QVERIFY(m_store->writeSync(delta("s1", {first})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {}, messages("a", 2, 2))}))); // nothing sent: keep
    RoomDelta r = m_store->loadSnapshot(40).rooms.first();
    QCOMPARE(r.notificationCount, 5);
    QCOMPARE(r.highlightCount, 2);
    QCOMPARE(r.heroes, QStringList{"@alice:x"});
    QCOMPARE(r.joinedCount, 2);
    QCOMPARE(r.invitedCount, -1);

    RoomDelta read = joined(kRoomA, {}, {});
    read.notificationCount = 0;
    read.highlightCount = 0;
    QVERIFY(m_store->writeSync(delta("s3", {read})));
    r = m_store->loadSnapshot(40).rooms.first();
    QCOMPARE(r.notificationCount, 0);
    QCOMPARE(r.highlightCount, 0);
    QCOMPARE(m_store->syncToken(), QStringLiteral("s3"));
}

void TestStoreSync::duplicateEventsStoredOnce()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 1, 3))})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {}, messages("a", 3, 5))})));
    QCOMPARE(ids(m_store->loadSnapshot(40).rooms.first().timeline), idRange("a", 1, 5));
}

void TestStoreSync::limitedSyncLeavesGap()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 1, 3), true, "top")})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {}, messages("a", 10, 12), true, "gap1")})));

    SyncDelta snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 10, 12)); // only what is after the newest gap
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("gap1"));
    QVERIFY(!snap.rooms.first().limited);

    snap = m_store->loadSnapshot(2);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 11, 12));
    const QString token = snap.rooms.first().prevBatch;
    QVERIFY(AccountStore::isStoreToken(token));
    const StoredPage older = m_store->loadOlder(kRoomA, token, 40);
    QCOMPARE(ids(older.events), idRange("a", 10, 10));
    QCOMPARE(older.nextToken, QStringLiteral("gap1")); // the stored segment ends at the gap

    // A limited sync right after another one: still one gap, with the newest token.
    QVERIFY(m_store->writeSync(delta("s3", {joined(kRoomA, {}, messages("a", 20, 20), true, "gap2")})));
    snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 20, 20));
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("gap2"));
    // A limited sync whose first event is already stored makes no gap.
    QVERIFY(m_store->writeSync(delta("s4", {joined(kRoomA, {}, messages("a", 20, 21), true, "gap3")})));
    snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 20, 21));
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("gap2"));
}

void TestStoreSync::gapFilledByOlderPages()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 1, 3), false, "top")})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {}, messages("a", 10, 12), true, "gap1")})));

    // Paginating from the gap: the newest missing events first; the gap moves on to the page's end token.
    QVERIFY(m_store->writeOlderPage(kRoomA, page("gap1", messages("a", 8, 9), "gap1b",
                                                 {member("@dora:x", "join", "Dora", "$md")})));
    SyncDelta snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 8, 12));
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("gap1b"));
    QVERIFY(stateOf(snap.rooms.first(), "m.room.member", "@dora:x")); // lazy-loaded member kept

    // The next page reaches a stored event: the gap is closed and the segments join.
    QList<Event> chunk = messages("a", 3, 7);
    QVERIFY(m_store->writeOlderPage(kRoomA, page("gap1b", chunk, "gap1c")));
    snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 1, 12));
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("top"));
}

void TestStoreSync::storedPagesDownToServerToken()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 1, 100), false, "server-top")})));
    const SyncDelta snap = m_store->loadSnapshot(); // 10 per room by default
    const RoomDelta &r = snap.rooms.first();
    QCOMPARE(ids(r.timeline), idRange("a", 91, 100));
    QVERIFY(AccountStore::isStoreToken(r.prevBatch));

    QStringList all = ids(r.timeline);
    QString token = r.prevBatch;
    QList<int> sizes;
    while (AccountStore::isStoreToken(token)) {
        const StoredPage p = m_store->loadOlder(kRoomA, token, 40);
        sizes << int(p.events.size());
        all = ids(p.events) + all;
        token = p.nextToken;
        QVERIFY(sizes.size() < 10);
    }
    QCOMPARE(sizes, (QList<int>{40, 40, 10}));
    QCOMPARE(token, QStringLiteral("server-top"));
    QCOMPARE(all, idRange("a", 1, 100));

    // Same on a fresh connection, from a token given out before.
    auto store = reopen();
    const StoredPage again = store->loadOlder(kRoomA, r.prevBatch, 5);
    QCOMPARE(ids(again.events), idRange("a", 86, 90));
    QVERIFY(AccountStore::isStoreToken(again.nextToken));
    QVERIFY(store->loadOlder(QStringLiteral("!unknown:x"), r.prevBatch, 5).events.isEmpty());
    QVERIFY(store->loadOlder(kRoomA, QStringLiteral("server-token"), 5).events.isEmpty());
}

void TestStoreSync::olderPageAtTopAndBeginning()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 50, 52), false, "t0")})));
    QVERIFY(m_store->writeOlderPage(kRoomA, page("t0", messages("a", 45, 49), "t1")));
    SyncDelta snap = m_store->loadSnapshot(40);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 45, 52));
    QCOMPARE(snap.rooms.first().prevBatch, QStringLiteral("t1"));

    // Overlapping page: known events are not stored twice. Empty end: the room's beginning is stored.
    QVERIFY(m_store->writeOlderPage(kRoomA, page("t1", messages("a", 40, 46), QString())));
    snap = m_store->loadSnapshot(4);
    QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 49, 52));
    StoredPage p = m_store->loadOlder(kRoomA, snap.rooms.first().prevBatch, 100);
    QCOMPARE(ids(p.events), idRange("a", 40, 48));
    QVERIFY(p.nextToken.isEmpty()); // beginning reached
    QVERIFY(!m_store->writeOlderPage(QStringLiteral("!unknown:x"), page("t", messages("z", 1, 1), "u")));
}

void TestStoreSync::inviteKeepsStrippedStateThenJoinReplacesIt()
{
    RoomDelta invite;
    invite.roomId = kRoomB;
    invite.membership = Membership::Invite;
    invite.state = {stateEvent("m.room.name", "", {{"name", "Invitation"}}),
                    stateEvent("m.room.member", "@me:x", {{"membership", "invite"}}, {}, "@dave:x")};
    QVERIFY(m_store->writeSync(delta("s1", {invite})));
    auto store = reopen();
    SyncDelta snap = store->loadSnapshot(40);
    QCOMPARE(snap.rooms.size(), 1);
    QCOMPARE(snap.rooms.first().membership, Membership::Invite);
    QCOMPARE(snap.rooms.first().state.size(), 2);
    QVERIFY(snap.rooms.first().timeline.isEmpty());
    QCOMPARE(stateOf(snap.rooms.first(), "m.room.member", "@me:x")->sender(), QStringLiteral("@dave:x"));

    QVERIFY(store->writeSync(delta("s2", {joined(kRoomB, {member("@dave:x", "join", "Dave", "$md")},
                                                 {member("@me:x", "join", "Me", "$mj")}, false, "tb")})));
    snap = store->loadSnapshot(40);
    const RoomDelta &r = snap.rooms.first();
    QCOMPARE(r.membership, Membership::Join);
    QCOMPARE(r.state.size(), 2); // the stripped name is gone, the real members are there
    QVERIFY(!stateOf(r, "m.room.name", ""));
    QCOMPARE(stateOf(r, "m.room.member", "@me:x")->eventId(), QStringLiteral("$mj"));
    QCOMPARE(ids(r.timeline), QStringList{"$mj"});
    QCOMPARE(r.prevBatch, QStringLiteral("tb"));
}

void TestStoreSync::leaveRemovesTheRoom()
{
    RoomDelta a = joined(kRoomA, {member("@alice:x", "join", "Alice", "$ma")}, messages("a", 1, 3), false, "top");
    a.accountData = {accountData("m.fully_read", {{"event_id", "$a3"}})};
    QVERIFY(m_store->writeSync(delta("s1", {a, joined("!other:x", {}, messages("o", 1, 1))})));
    QVERIFY(m_store->setReadMarker(kRoomA, "$a3"));
    RoomDelta leave;
    leave.roomId = kRoomA;
    leave.membership = Membership::Leave;
    QVERIFY(m_store->writeSync(delta("s2", {leave})));

    auto store = reopen();
    SyncDelta snap = store->loadSnapshot(40);
    QCOMPARE(snap.rooms.size(), 1);
    QCOMPARE(snap.rooms.first().roomId, QStringLiteral("!other:x"));
    QVERIFY(store->readMarker(kRoomA).isEmpty());
    QVERIFY(store->loadOlder(kRoomA, "store:100", 10).events.isEmpty());

    // Joining again starts from nothing: no old rows, state or account data come back.
    QVERIFY(store->writeSync(delta("s3", {joined(kRoomA, {}, messages("a", 9, 9), false, "top2")})));
    snap = store->loadSnapshot(40);
    const RoomDelta *r = findRoom(snap, kRoomA);
    QVERIFY(r);
    QCOMPARE(ids(r->timeline), QStringList{"$a9"});
    QVERIFY(r->state.isEmpty());
    QVERIFY(r->accountData.isEmpty());
    QCOMPARE(r->prevBatch, QStringLiteral("top2"));
}

void TestStoreSync::directFlagsFromAccountData()
{
    // m.direct first, the room later: the new room is flagged from the stored m.direct.
    const Event direct1 = accountData("m.direct", {{"@bob:x", QJsonArray{kRoomA}}});
    QVERIFY(m_store->writeSync(delta("s1", {}, {direct1})));
    QVERIFY(m_store->writeSync(delta("s2", {joined(kRoomA, {}, messages("a", 1, 1)), joined("!other:x", {}, {})})));
    QVERIFY(m_store->isDirect(kRoomA));
    QVERIFY(!m_store->isDirect("!other:x"));

    const Event direct2 = accountData("m.direct", {{"@bob:x", QJsonArray{"!other:x"}}});
    QVERIFY(m_store->writeSync(delta("s3", {}, {direct2})));
    auto store = reopen();
    QVERIFY(!store->isDirect(kRoomA));
    QVERIFY(store->isDirect("!other:x"));
    const SyncDelta snap = store->loadSnapshot(40);
    QCOMPARE(snap.accountData.size(), 1);
    QCOMPARE(snap.accountData.first().json(), direct2.json()); // replaced, not appended
}

void TestStoreSync::failedWriteLeavesNothing()
{
    QVERIFY(m_store->writeSync(delta("s1", {joined(kRoomA, {}, messages("a", 1, 2))})));
    {
        // Another connection plants a trigger that refuses one event: the write fails after several rows.
        auto db = Database::open(m_path, key(), nullptr);
        QVERIFY(db);
        QVERIFY(db->exec("CREATE TRIGGER poison BEFORE INSERT ON timeline WHEN NEW.event_id = '$poison'"
                         " BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"));
    }
    RoomDelta newRoom = joined("!new:x", {member("@zoe:x", "join", "Zoe", "$mz")}, messages("n", 1, 3), false, "tn");
    RoomDelta more = joined(kRoomA, {stateEvent("m.room.name", "", {{"name", "Changed"}}, "$nm")},
                            messages("a", 3, 4) << message("$poison", "@alice:x", "boom") << messages("a", 5, 5));
    more.notificationCount = 9;
    QVERIFY(!m_store->writeSync(delta("s2", {newRoom, more}, {accountData("m.direct", {{"@zoe:x", QJsonArray{"!new:x"}}})})));
    QVERIFY(m_store->lastError().contains("refused by test"));

    auto check = [](AccountStore &store) {
        QCOMPARE(store.syncToken(), QStringLiteral("s1"));
        const SyncDelta snap = store.loadSnapshot(40);
        QCOMPARE(snap.rooms.size(), 1);
        QCOMPARE(ids(snap.rooms.first().timeline), idRange("a", 1, 2));
        QVERIFY(snap.rooms.first().state.isEmpty());
        QCOMPARE(snap.rooms.first().notificationCount, -1);
        QVERIFY(snap.accountData.isEmpty());
        QVERIFY(!store.isDirect("!new:x"));
    };
    check(*m_store);
    auto store = reopen();
    check(*store);
    // The store is still usable.
    QVERIFY(store->writeSync(delta("s3", {joined(kRoomA, {}, messages("a", 3, 3))})));
    QCOMPARE(store->syncToken(), QStringLiteral("s3"));
}

void TestStoreSync::nothingReadableAtRest()
{
    const QStringList secrets{
        QStringLiteral("Réunion budgétaire confidentielle du jeudi"), QStringLiteral("Cellule de crise Préfecture"),
        QStringLiteral("Bérénice Mauduit-Lefebvre"), QStringLiteral("@berenice.mauduit:ministere.example"),
        QStringLiteral("!salleDeCrise:ministere.example"), QStringLiteral("syt_c2VjcmV0X3Rva2Vu_access"),
        QStringLiteral("mxc://ministere.example/pieceJointe"), QStringLiteral("s72594_4483_1934_since")};
    RoomDelta room = joined(secrets[4],
                            {stateEvent("m.room.name", "", {{"name", secrets[1]}}, "$name"),
                             member(secrets[3], "join", secrets[2], "$member")},
                            {message("$m1", secrets[3], secrets[0])}, false, "top");
    QVERIFY(m_store->writeSync(delta(secrets[7], {room})));
    QVERIFY(m_store->saveCredentials({QUrl("https://ministere.example"), secrets[3], "DEVICE", secrets[5]}));
    QVERIFY(m_store->outboxInsert({"txn1", secrets[4], "m.room.message", {{"body", secrets[0]}}, 1, false, {}, std::nullopt}));
    MediaCacheEntry cached;
    cached.mxcUri = secrets[6];
    cached.file.fileName = QStringLiteral("cache/f1");
    cached.file.cipher.key = QByteArray(32, 'q');
    cached.file.cipher.iv = QByteArray(16, 'v');
    cached.file.cipher.sha256 = QByteArray(32, 'h');
    cached.file.size = 10;
    cached.mimeType = QStringLiteral("image/png");
    QVERIFY(m_store->mediaCacheInsert(cached, 1 << 20, 1).ok);

    auto verifyFolder = [&](const char *when) {
        const QHash<QString, QByteArray> files = readAllFiles(m_dir->path());
        QVERIFY2(!files.isEmpty(), when);
        QVERIFY2(files.contains(m_path), when);
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            if (it.key() == m_path)
                QVERIFY2(!it.value().startsWith("SQLite format 3"), when);
            for (const QString &secret : secrets) {
                QVERIFY2(!it.value().contains(secret.toUtf8()), qPrintable(QStringLiteral("%1: %2 in %3").arg(when, secret, it.key())));
                QVERIFY2(!it.value().contains(QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)), when);
            }
            QVERIFY2(!it.value().contains("m.room.message"), when);
        }
    };
    // While open (the -wal file holds the recent pages), then after closing.
    QVERIFY(QFile::exists(m_path + "-wal"));
    verifyFolder("open");
    m_store.reset();
    verifyFolder("closed");

    auto store = reopen(); // and the data is all there
    QCOMPARE(store->loadSnapshot(40).rooms.first().timeline.first().content().value("body").toString(), secrets[0]);
    QCOMPARE(store->loadCredentials()->accessToken, secrets[5]);
}

void TestStoreSync::snapshotFeedsRoomList()
{
    RoomDelta a = joined(kRoomA, {stateEvent("m.room.name", "", {{"name", "Archives"}}, "$name"),
                                  member("@alice:x", "join", "Alice", "$ma")},
                         messages("a", 1, 3), false, "top");
    a.notificationCount = 2;
    QVERIFY(m_store->writeSync(delta("s1", {a})));
    auto store = reopen();
    RoomList list(QStringLiteral("@me:x"));
    list.applySync(store->loadSnapshot(40));
    QCOMPARE(list.count(), 1);
    Room *room = list.room(kRoomA);
    QVERIFY(room);
    QCOMPARE(room->displayName(), QStringLiteral("Archives"));
    QCOMPARE(room->unreadCount(), 2);
    QVERIFY(room->lastMessagePreview().contains("a 3"));
    QCOMPARE(room->timeline()->size(), 3);
    QCOMPARE(room->timeline()->topToken(), QStringLiteral("top"));
}

QTEST_GUILESS_MAIN(TestStoreSync)
#include "test_store_sync.moc"
