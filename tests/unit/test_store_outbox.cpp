// Outbox, read markers, media cache index and credentials in the store: kept across close and reopen,
// outbox in acceptance order with unique transaction ids.
#include "store/account_store.h"
#include "test_store_helpers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

class TestStoreOutbox : public QObject {
    Q_OBJECT
private slots:
    void outboxSurvivesReopenInOrder();
    void duplicateTransactionIdRefused();
    void failedFlagAndRetry();
    void readMarkers();
    void mediaCache();
    void credentials();
};

namespace {

OutboxEntry entry(const QString &txn, const QString &room, const QString &body, qint64 at)
{
    OutboxEntry e;
    e.transactionId = txn;
    e.roomId = room;
    e.eventType = QStringLiteral("m.room.message");
    e.content = QJsonObject{{"msgtype", "m.text"}, {"body", body}};
    e.acceptedAtMs = at;
    return e;
}

QStringList txnIds(const QList<OutboxEntry> &entries)
{
    QStringList ids;
    for (const OutboxEntry &e : entries)
        ids << e.transactionId;
    return ids;
}

} // namespace

void TestStoreOutbox::outboxSurvivesReopenInOrder()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto store = AccountStore::open(path, key(), nullptr);
        QVERIFY(store);
        // Acceptance order, not transaction-id or time order.
        QVERIFY(store->outboxInsert(entry("z-first", "!a:x", "one", 300)));
        QVERIFY(store->outboxInsert(entry("a-second", "!b:x", "two", 100)));
        QVERIFY(store->outboxInsert(entry("m-third", "!a:x", "three", 200)));
        QVERIFY(store->outboxInsert(entry("b-fourth", "!a:x", "four", 400)));
        QVERIFY(store->outboxRemove("a-second"));
        QVERIFY(store->outboxSetFailed("m-third", true, "M_FORBIDDEN"));
    }
    {
        auto store = AccountStore::open(path, key(), nullptr);
        QVERIFY(store);
        const QList<OutboxEntry> entries = store->outboxEntries();
        QCOMPARE(txnIds(entries), (QStringList{"z-first", "m-third", "b-fourth"}));
        QCOMPARE(entries.at(0).roomId, QStringLiteral("!a:x"));
        QCOMPARE(entries.at(0).eventType, QStringLiteral("m.room.message"));
        QCOMPARE(entries.at(0).content.value("body").toString(), QStringLiteral("one"));
        QCOMPARE(entries.at(0).acceptedAtMs, 300);
        QVERIFY(!entries.at(0).failed);
        QVERIFY(entries.at(1).failed);
        QCOMPARE(entries.at(1).failureReason, QStringLiteral("M_FORBIDDEN"));
        // A later insert goes after, even after removals (sequence numbers are never reused).
        QVERIFY(store->outboxRemove("b-fourth"));
        QVERIFY(store->outboxInsert(entry("c-fifth", "!a:x", "five", 50)));
    }
    auto store = AccountStore::open(path, key(), nullptr);
    QCOMPARE(txnIds(store->outboxEntries()), (QStringList{"z-first", "m-third", "c-fifth"}));
}

void TestStoreOutbox::duplicateTransactionIdRefused()
{
    QTemporaryDir dir;
    auto store = AccountStore::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(store->outboxInsert(entry("t1", "!a:x", "one", 1)));
    QVERIFY(!store->outboxInsert(entry("t1", "!a:x", "again", 2)));
    QCOMPARE(store->outboxEntries().size(), 1);
    QCOMPARE(store->outboxEntries().first().content.value("body").toString(), QStringLiteral("one"));
    QVERIFY(store->outboxInsert(entry("t2", "!a:x", "two", 3))); // still usable
    QCOMPARE(store->outboxEntries().size(), 2);
}

void TestStoreOutbox::failedFlagAndRetry()
{
    QTemporaryDir dir;
    auto store = AccountStore::open(dir.filePath("a.db"), key(), nullptr);
    QVERIFY(store->outboxInsert(entry("t1", "!a:x", "one", 1)));
    QVERIFY(store->outboxSetFailed("t1", true, "M_TOO_LARGE"));
    QVERIFY(store->outboxEntries().first().failed);
    QVERIFY(store->outboxSetFailed("t1", false, {})); // "retry"
    QVERIFY(!store->outboxEntries().first().failed);
    QVERIFY(store->outboxEntries().first().failureReason.isEmpty());
    QVERIFY(!store->outboxSetFailed("unknown", true, "x"));
    QVERIFY(store->outboxRemove("t1")); // "delete"
    QVERIFY(store->outboxEntries().isEmpty());
}

void TestStoreOutbox::readMarkers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto store = AccountStore::open(path, key(), nullptr);
        QVERIFY(store->readMarker("!a:x").isEmpty());
        QVERIFY(store->setReadMarker("!a:x", "$1"));
        QVERIFY(store->setReadMarker("!a:x", "$2"));
        QVERIFY(store->setReadMarker("!b:x", "$9"));
    }
    auto store = AccountStore::open(path, key(), nullptr);
    QCOMPARE(store->readMarker("!a:x"), QStringLiteral("$2"));
    QCOMPARE(store->readMarker("!b:x"), QStringLiteral("$9"));
}

void TestStoreOutbox::mediaCache()
{
    // The cache index survives a reopen; a second entry for the same URI and variant replaces the first
    // (LRU and the cap: test_media_cache).
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    const QByteArray fileKey = QByteArray::fromHex("00ff102030405060708090a0b0c0d0e0f00ff102030405060708090a0b0c0d0e0f");
    auto cached = [](const QString &fileName, const QByteArray &fileKey, qint64 size) {
        MediaCacheEntry e;
        e.mxcUri = QStringLiteral("mxc://x/a");
        e.file.fileName = fileName;
        e.file.cipher.key = fileKey;
        e.file.cipher.iv = QByteArray(16, 'i');
        e.file.cipher.sha256 = QByteArray(32, 's');
        e.file.size = size;
        return e;
    };
    {
        auto store = AccountStore::open(path, key(), nullptr);
        QVERIFY(!store->mediaCacheGet("mxc://x/a", QString()));
        QVERIFY(store->mediaCacheInsert(cached("cache/old", QByteArray(32, 'k'), 1), 1 << 20, 10).ok);
        const MediaCacheInsert replaced = store->mediaCacheInsert(cached("cache/0001", fileKey, 12345), 1 << 20, 11);
        QVERIFY(replaced.ok);
        QCOMPARE(replaced.removed.size(), 1);
        QCOMPARE(replaced.removed.first().file.fileName, QStringLiteral("cache/old"));
    }
    auto store = AccountStore::open(path, key(), nullptr);
    const std::optional<MediaCacheEntry> e = store->mediaCacheGet("mxc://x/a", QString());
    QVERIFY(e);
    QCOMPARE(e->mxcUri, QStringLiteral("mxc://x/a"));
    QCOMPARE(e->file.fileName, QStringLiteral("cache/0001"));
    QCOMPARE(e->file.cipher.key, fileKey);
    QCOMPARE(e->file.size, 12345);
}

void TestStoreOutbox::credentials()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto store = AccountStore::open(path, key(), nullptr);
        QVERIFY(!store->loadCredentials());
        QVERIFY(store->saveCredentials({QUrl("https://old.example"), "@me:x", "OLD", "tok0"}));
        QVERIFY(store->saveCredentials({QUrl("https://matrix.example:8448"), "@me:x", "DEV1", "tok1"}));
    }
    auto store = AccountStore::open(path, key(), nullptr);
    const std::optional<SessionCredentials> c = store->loadCredentials();
    QVERIFY(c);
    QCOMPARE(c->homeserver, QUrl("https://matrix.example:8448"));
    QCOMPARE(c->userId, QStringLiteral("@me:x"));
    QCOMPARE(c->deviceId, QStringLiteral("DEV1"));
    QCOMPARE(c->accessToken, QStringLiteral("tok1"));
    QVERIFY(c->isValid());
}

QTEST_GUILESS_MAIN(TestStoreOutbox)
#include "test_store_outbox.moc"
