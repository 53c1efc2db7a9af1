// Outbox, read markers, media cache index and credentials in the store: kept across close and reopen,
// outbox in acceptance order with unique transaction ids; an entry's attachment (schema 8) inserted and removed
// with it, its uploads recorded.
#include "store/account_store.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/statement.h"
#include "store/stored_json.h"
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
    void attachmentSurvivesReopenWithItsUploads();
    void attachmentInsertedAndRemovedWithItsEntry();
    void migratesAVersionSixOutbox();
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

StagedFile staged(const QString &name, qint64 size, char seed)
{
    StagedFile f;
    f.fileName = name;
    f.size = size;
    f.cipher.key = QByteArray(32, seed);
    f.cipher.iv = QByteArray(8, char(seed + 1)) + QByteArray(8, '\0');
    f.cipher.sha256 = QByteArray(32, char(seed + 2));
    return f;
}

OutgoingAttachment video()
{
    OutgoingAttachment a;
    a.msgtype = "m.video";
    a.fileName = "visite du site.mp4";
    a.caption = "Visite, façade nord";
    a.mimeType = "video/mp4";
    a.file = staged("staging/0a1b", 7340032, 'v');
    a.width = 1920;
    a.height = 1080;
    a.durationMs = 12500;
    a.thumbnail = staged("staging/2c3d", 40960, 'p');
    a.thumbnailMimeType = "image/jpeg";
    a.thumbnailWidth = 800;
    a.thumbnailHeight = 450;
    return a;
}

OutboxEntry withAttachment(const QString &txn, const OutgoingAttachment &a)
{
    OutboxEntry e = entry(txn, "!a:x", a.fileName, 10);
    e.attachment = a;
    return e;
}

int attachmentRows(const QString &path)
{
    auto db = Database::open(path, key(), nullptr);
    Statement s = db->prepare("SELECT count(*) FROM outbox_attachments");
    return s.step() == Statement::Step::Row ? int(s.int64(0)) : -1;
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

void TestStoreOutbox::attachmentSurvivesReopenWithItsUploads()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    const OutgoingAttachment original = video();
    {
        auto store = openStore(path);
        QVERIFY(store->outboxInsert(entry("text", "!a:x", "before", 1)));
        QVERIFY(store->outboxInsert(withAttachment("video", original)));
        OutgoingAttachment noThumbnail = video();
        noThumbnail.msgtype = "m.file";
        noThumbnail.thumbnail = {};
        noThumbnail.caption.clear();
        QVERIFY(store->outboxInsert(withAttachment("file", noThumbnail)));
        QVERIFY(store->outboxSetUploads("video", "mxc://x/poster", QString(), true));
        QVERIFY(!store->outboxSetUploads("text", "mxc://x/a", "mxc://x/b", false)); // no attachment
        QVERIFY(!store->outboxSetUploads("nope", "mxc://x/a", "mxc://x/b", false));
    }
    auto store = openStore(path);
    const QList<OutboxEntry> entries = store->outboxEntries();
    QCOMPARE(txnIds(entries), (QStringList{"text", "video", "file"}));
    QVERIFY(!entries.at(0).attachment);
    QVERIFY(entries.at(1).attachment);
    const OutgoingAttachment &a = *entries.at(1).attachment;
    QCOMPARE(a.msgtype, original.msgtype);
    QCOMPARE(a.fileName, original.fileName);
    QCOMPARE(a.caption, original.caption);
    QCOMPARE(a.mimeType, original.mimeType);
    QCOMPARE(a.file.fileName, original.file.fileName);
    QCOMPARE(a.file.cipher.key, original.file.cipher.key);
    QCOMPARE(a.file.cipher.iv, original.file.cipher.iv);
    QCOMPARE(a.file.cipher.sha256, original.file.cipher.sha256);
    QCOMPARE(a.file.size, original.file.size);
    QVERIFY(a.file.isValid());
    QCOMPARE(a.width, 1920);
    QCOMPARE(a.height, 1080);
    QCOMPARE(a.durationMs, 12500);
    QCOMPARE(a.thumbnail.fileName, original.thumbnail.fileName);
    QCOMPARE(a.thumbnail.cipher.key, original.thumbnail.cipher.key);
    QCOMPARE(a.thumbnail.size, original.thumbnail.size);
    QVERIFY(a.thumbnail.isValid());
    QCOMPARE(a.thumbnailMimeType, QStringLiteral("image/jpeg"));
    QCOMPARE(a.thumbnailWidth, 800);
    QCOMPARE(a.thumbnailHeight, 450);
    QCOMPARE(a.thumbnailUrl, QStringLiteral("mxc://x/poster"));
    QVERIFY(a.fileUrl.isEmpty());
    QVERIFY(a.uploadedEncrypted);
    const OutgoingAttachment &file = *entries.at(2).attachment;
    QVERIFY(!file.hasThumbnail());
    QVERIFY(file.caption.isEmpty());
    QVERIFY(file.thumbnailUrl.isEmpty() && file.fileUrl.isEmpty());
    QVERIFY(!file.uploadedEncrypted);
    // The uploads replace what was recorded, the form with them.
    QVERIFY(store->outboxSetUploads("video", "mxc://x/poster2", "mxc://x/video", false));
    const OutgoingAttachment again = *store->outboxEntries().at(1).attachment;
    QCOMPARE(again.thumbnailUrl, QStringLiteral("mxc://x/poster2"));
    QCOMPARE(again.fileUrl, QStringLiteral("mxc://x/video"));
    QVERIFY(!again.uploadedEncrypted);
}

void TestStoreOutbox::attachmentInsertedAndRemovedWithItsEntry()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto store = openStore(path);
        // An attachment the table refuses (no msgtype) leaves no entry either: one transaction.
        OutgoingAttachment broken = video();
        broken.msgtype = QString();
        QVERIFY(!store->outboxInsert(withAttachment("broken", broken)));
        QVERIFY(store->outboxEntries().isEmpty());
        QVERIFY(store->outboxInsert(withAttachment("video", video())));
        QVERIFY(store->outboxInsert(withAttachment("other", video())));
        QVERIFY(store->outboxRemove("video"));
        QCOMPARE(txnIds(store->outboxEntries()), QStringList{"other"});
        // Inside a caller's transaction too (no synchronous change there).
        QVERIFY(store->inTransaction([&] { return store->outboxInsert(withAttachment("nested", video())); }));
        QCOMPARE(txnIds(store->outboxEntries()), (QStringList{"other", "nested"}));
    }
    QCOMPARE(attachmentRows(path), 2);
    {
        auto store = openStore(path);
        QVERIFY(store->outboxRemove("other"));
        QVERIFY(store->outboxRemove("nested"));
        // The same transaction id again, as a text: no attachment left behind to be found with it.
        QVERIFY(store->outboxInsert(entry("video", "!a:x", "text now", 20)));
        QVERIFY(!store->outboxEntries().first().attachment);
    }
    QCOMPARE(attachmentRows(path), 0);
}

void TestStoreOutbox::migratesAVersionSixOutbox()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("a.db");
    {
        auto db = Database::open(path, key(), nullptr);
        QVERIFY(db);
        StoreError error;
        QVERIFY(migrate(*db, &error, 6));
        QCOMPARE(db->userVersion(), 6);
        Statement s = db->prepare("INSERT INTO outbox (txn_id, room_id, type, content, accepted_ms) VALUES"
                                  " ('old', '!a:x', 'm.room.message', ?, 5)");
        QVERIFY(s.bindBlob(1, toStoredJson(QJsonObject{{"msgtype", "m.text"}, {"body", "b"}})).exec());
    }
    auto store = openStore(path);
    QVERIFY(store);
    QCOMPARE(store->schemaVersion(), AccountStore::latestSchemaVersion());
    QVERIFY(store->schemaVersion() >= 8);
    const QList<OutboxEntry> entries = store->outboxEntries();
    QCOMPARE(txnIds(entries), QStringList{"old"});
    QVERIFY(!entries.first().attachment);
    QVERIFY(store->outboxInsert(withAttachment("new", video())));
    QVERIFY(store->outboxEntries().at(1).attachment);
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
