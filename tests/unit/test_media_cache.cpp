// The media cache: least-recently-used order and the byte cap in the store's named operations, and MediaCache
// over a real StoreBridge and a real folder (evicted files deleted, unusable entries dropped, orphans swept).
#include "media/media_cache.h"
#include "session/store_bridge.h"
#include "test_store_helpers.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::storetest;

namespace {

MediaCacheEntry entry(const QString &id, qint64 size, const QString &variant = {})
{
    MediaCacheEntry e;
    e.mxcUri = QStringLiteral("mxc://x/") + id;
    e.variant = variant.isNull() ? QString(QLatin1String("")) : variant;
    e.file.fileName = QStringLiteral("cache/") + id + variant.toLatin1().toHex();
    e.file.cipher.key = QByteArray(32, 'k');
    e.file.cipher.iv = QByteArray(16, 'i');
    e.file.cipher.sha256 = QByteArray(32, 's');
    e.file.size = size;
    return e;
}

QStringList ids(const QList<MediaCacheEntry> &entries)
{
    QStringList list;
    for (const MediaCacheEntry &e : entries)
        list.append(e.mxcUri.mid(QStringLiteral("mxc://x/").size()));
    return list;
}

// An entry whose file exists under `mediaPath` with `size` bytes.
MediaCacheEntry withFile(const QString &mediaPath, const QString &id, qint64 size)
{
    MediaCacheEntry e = entry(id, size);
    QFile file(QDir(mediaPath).filePath(e.file.fileName));
    if (file.open(QIODevice::WriteOnly))
        file.write(QByteArray(size, 'x'));
    return e;
}

struct Bridge {
    QTemporaryDir dir;
    StoreBridge store;
    QString mediaPath() const { return dir.filePath(QStringLiteral("media")); }

    bool open()
    {
        bool opened = false, done = false;
        store.open({dir.filePath(QStringLiteral("store.db")), key()}, [&](const StoreBridge::Opened &result) {
            opened = result.error.ok();
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, 10000) && opened;
    }
    template<typename T, typename Call>
    T wait(Call call)
    {
        std::optional<T> result;
        call([&](const T &value) { result = value; });
        (void)QTest::qWaitFor([&] { return result.has_value(); }, 10000);
        return result.value_or(T{});
    }
    bool insert(MediaCache &cache, const MediaCacheEntry &e)
    {
        return wait<bool>([&](auto done) { cache.insert(e, done); });
    }
    std::optional<MediaCacheEntry> find(MediaCache &cache, const QString &mxc, const QString &variant = QString(""))
    {
        return wait<std::optional<MediaCacheEntry>>([&](auto done) { cache.find(mxc, variant, done); });
    }
};

} // namespace

class TestMediaCache : public QObject {
    Q_OBJECT
private slots:
    // ---- the store's operations ----

    void capEvictsLeastRecentlyInserted()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        QVERIFY(store);
        QVERIFY(store->mediaCacheInsert(entry("a", 40), 100, 1000).ok);
        QVERIFY(store->mediaCacheInsert(entry("b", 40), 100, 1000).ok);
        QCOMPARE(store->mediaCacheTotalSize(), 80);
        const MediaCacheInsert third = store->mediaCacheInsert(entry("c", 40), 100, 1000);
        QVERIFY(third.ok);
        QCOMPARE(ids(third.removed), QStringList{"a"});
        QVERIFY(!store->mediaCacheGet("mxc://x/a", ""));
        QVERIFY(store->mediaCacheGet("mxc://x/b", ""));
        QCOMPARE(store->mediaCacheTotalSize(), 80);
    }

    void useMakesAnEntryTheMostRecent()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        for (const char *id : {"a", "b", "c"})
            QVERIFY(store->mediaCacheInsert(entry(id, 10), 1000, 5000).ok);
        // All in the same millisecond: the order of use is still exact.
        QVERIFY(store->mediaCacheUse("mxc://x/a", "", 5000));
        QVERIFY(!store->mediaCacheUse("mxc://x/none", "", 5000));
        const auto evicted = store->mediaCacheEvict(10);
        QVERIFY(evicted);
        QCOMPARE(ids(*evicted), (QStringList{"b", "c"}));
        QVERIFY(store->mediaCacheGet("mxc://x/a", ""));
    }

    void lastUseNeverGoesBack()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        QVERIFY(store->mediaCacheInsert(entry("a", 1), 100, 9000).ok);
        QVERIFY(store->mediaCacheInsert(entry("b", 1), 100, 2000).ok); // the clock went back
        const qint64 a = store->mediaCacheGet("mxc://x/a", "")->lastUsedMs;
        const qint64 b = store->mediaCacheGet("mxc://x/b", "")->lastUsedMs;
        QCOMPARE(a, 9000);
        QVERIFY(b > a);
        QCOMPARE(store->mediaCacheUse("mxc://x/a", "", 20000)->lastUsedMs, 20000);
        QCOMPARE(ids(*store->mediaCacheEvict(1)), QStringList{"b"});
    }

    void newEntryStaysEvenWhenAloneOverTheCap()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        QVERIFY(store->mediaCacheInsert(entry("small", 5), 50, 1).ok);
        const MediaCacheInsert big = store->mediaCacheInsert(entry("big", 80), 50, 2);
        QVERIFY(big.ok);
        QCOMPARE(ids(big.removed), QStringList{"small"});
        QVERIFY(store->mediaCacheGet("mxc://x/big", ""));
        // It goes first at the next insert.
        QCOMPARE(ids(store->mediaCacheInsert(entry("next", 5), 50, 3).removed), QStringList{"big"});
    }

    void variantsAreSeparateEntries()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        QVERIFY(store->mediaCacheInsert(entry("a", 10), 1000, 1).ok);
        QVERIFY(store->mediaCacheInsert(entry("a", 3, "thumb:96x96:crop"), 1000, 2).ok);
        QCOMPARE(store->mediaCacheGet("mxc://x/a", "")->file.size, 10);
        QCOMPARE(store->mediaCacheGet("mxc://x/a", "thumb:96x96:crop")->file.size, 3);
        QVERIFY(!store->mediaCacheGet("mxc://x/a", "thumb:32x32:crop"));
        QVERIFY(store->mediaCacheRemove("mxc://x/a", "thumb:96x96:crop"));
        QVERIFY(!store->mediaCacheGet("mxc://x/a", "thumb:96x96:crop"));
        QVERIFY(store->mediaCacheGet("mxc://x/a", ""));
        QCOMPARE(store->mediaCacheTotalSize(), 10);
    }

    void replacingAnEntryGivesBackItsOldFile()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        QVERIFY(store->mediaCacheInsert(entry("a", 10), 1000, 1).ok);
        MediaCacheEntry again = entry("a", 12);
        again.file.fileName = QStringLiteral("cache/other");
        const MediaCacheInsert replaced = store->mediaCacheInsert(again, 1000, 2);
        QVERIFY(replaced.ok);
        QCOMPARE(replaced.removed.size(), 1);
        QCOMPARE(replaced.removed.at(0).file.fileName, QStringLiteral("cache/a"));
        QCOMPARE(store->mediaCacheGet("mxc://x/a", "")->file.fileName, QStringLiteral("cache/other"));
        QCOMPARE(store->mediaCacheTotalSize(), 12);
        QCOMPARE(*store->mediaCacheFileNames(), QStringList{"cache/other"});
    }

    void entryKeepsEverythingItWasGiven()
    {
        QTemporaryDir dir;
        auto store = openStore(dir.filePath("a.db"));
        MediaCacheEntry e = entry("a", 77, "e2e:0123");
        e.file.cipher.key = QByteArray::fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        e.file.cipher.iv = QByteArray::fromHex("0102030405060708090a0b0c0d0e0f10");
        e.file.cipher.sha256 = QByteArray(32, '\xfe');
        e.mimeType = QStringLiteral("video/mp4");
        QVERIFY(store->mediaCacheInsert(e, 1000, 1234).ok);
        const auto back = store->mediaCacheGet(e.mxcUri, e.variant);
        QVERIFY(back);
        QCOMPARE(back->file.fileName, e.file.fileName);
        QCOMPARE(back->file.cipher.key, e.file.cipher.key);
        QCOMPARE(back->file.cipher.iv, e.file.cipher.iv);
        QCOMPARE(back->file.cipher.sha256, e.file.cipher.sha256);
        QCOMPARE(back->file.size, 77);
        QCOMPARE(back->mimeType, QStringLiteral("video/mp4"));
        QCOMPARE(back->lastUsedMs, 1234);
        QVERIFY(back->file.isValid());
    }

    // ---- MediaCache over StoreBridge and a folder ----

    void evictedFilesAreDeleted()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        QVERIFY(QDir(cache.cacheDir()).exists());
        cache.setCapacity(100);
        QSignalSpy removed(&cache, &MediaCache::removed);
        const MediaCacheEntry a = withFile(b.mediaPath(), "a", 60);
        const MediaCacheEntry c = withFile(b.mediaPath(), "c", 60);
        QVERIFY(b.insert(cache, a));
        QVERIFY(b.insert(cache, c));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toString(), a.mxcUri);
        QTRY_VERIFY(!QFile::exists(cache.absolutePath(a.file.fileName)));
        QVERIFY(QFile::exists(cache.absolutePath(c.file.fileName)));
        QVERIFY(!b.find(cache, a.mxcUri));
        const auto found = b.find(cache, c.mxcUri);
        QVERIFY(found);
        QCOMPARE(found->file.fileName, c.file.fileName);
    }

    void findMakesAnEntryRecent()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        cache.setCapacity(30);
        for (const char *id : {"a", "b", "c"})
            QVERIFY(b.insert(cache, withFile(b.mediaPath(), id, 10)));
        QVERIFY(b.find(cache, "mxc://x/a"));
        QVERIFY(b.insert(cache, withFile(b.mediaPath(), "d", 10))); // over 30: b goes, not a
        QVERIFY(b.find(cache, "mxc://x/a"));
        QVERIFY(!b.find(cache, "mxc://x/b"));
        QVERIFY(b.find(cache, "mxc://x/c"));
        QTRY_VERIFY(!QFile::exists(cache.absolutePath("cache/b")));
    }

    void loweringTheCapacityEvictsNow()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        QCOMPARE(cache.capacity(), qint64(1) << 30);
        for (const char *id : {"a", "b", "c", "d"})
            QVERIFY(b.insert(cache, withFile(b.mediaPath(), id, 25)));
        QSignalSpy removed(&cache, &MediaCache::removed);
        cache.setCapacity(50);
        QTRY_COMPARE(removed.size(), 2);
        QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("mxc://x/a"));
        QCOMPARE(removed.at(1).at(0).toString(), QStringLiteral("mxc://x/b"));
        QTRY_VERIFY(!QFile::exists(cache.absolutePath("cache/a")));
        QTRY_VERIFY(!QFile::exists(cache.absolutePath("cache/b")));
        QCOMPARE(b.wait<qint64>([&](auto done) { MediaCacheIndex(&b.store).totalSize(done); }), 50);
    }

    void entryWhoseFileIsGoneOrChangedIsDropped()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        const MediaCacheEntry gone = withFile(b.mediaPath(), "gone", 10);
        const MediaCacheEntry cut = withFile(b.mediaPath(), "cut", 10);
        QVERIFY(b.insert(cache, gone));
        QVERIFY(b.insert(cache, cut));
        QVERIFY(QFile::remove(cache.absolutePath(gone.file.fileName)));
        QVERIFY(QFile::resize(cache.absolutePath(cut.file.fileName), 4));
        QVERIFY(!b.find(cache, gone.mxcUri));
        QVERIFY(!b.find(cache, cut.mxcUri));
        // And the rows are gone, not only skipped.
        QCOMPARE(b.wait<qint64>([&](auto done) { MediaCacheIndex(&b.store).totalSize(done); }), 0);
        QTRY_VERIFY(!QFile::exists(cache.absolutePath(cut.file.fileName)));
    }

    void entryWithoutAValidKeyIsDropped()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        MediaCacheEntry e = withFile(b.mediaPath(), "nokey", 10);
        e.file.cipher.iv.clear(); // as rows from before schema 7 are
        QVERIFY(b.insert(cache, e));
        QVERIFY(!b.find(cache, e.mxcUri));
        QTRY_VERIFY(!QFile::exists(cache.absolutePath(e.file.fileName)));
    }

    void rowNamingAFileOutsideTheCacheIsNeverFollowed()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        const QString outside = b.dir.filePath("precious.txt");
        QFile file(outside);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("0123456789");
        file.close();
        MediaCacheEntry e = entry("evil", 10);
        e.file.fileName = QStringLiteral("cache/../../precious.txt");
        QVERIFY(b.insert(cache, e));
        QVERIFY(!b.find(cache, e.mxcUri));
        QTest::qWait(100);
        QVERIFY(QFile::exists(outside));
    }

    void sweepRemovesOnlyOrphans()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        const MediaCacheEntry known = withFile(b.mediaPath(), "known", 10);
        QVERIFY(b.insert(cache, known));
        const QString reserved = cache.reserveFileName();
        QVERIFY(reserved.startsWith("cache/"));
        QCOMPARE(reserved.size(), 6 + 32);
        QVERIFY(reserved != cache.reserveFileName());
        for (const QString &name : {reserved, QStringLiteral("cache/orphan"), QStringLiteral("cache/.hidden")}) {
            QFile f(cache.absolutePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        const int removed = b.wait<int>([&](auto done) { cache.sweep(done); });
        QCOMPARE(removed, 2);
        QVERIFY(QFile::exists(cache.absolutePath(known.file.fileName)));
        QVERIFY(QFile::exists(cache.absolutePath(reserved)));
        QVERIFY(!QFile::exists(cache.absolutePath("cache/orphan")));
        QVERIFY(!QFile::exists(cache.absolutePath("cache/.hidden")));
        cache.releaseFileName(reserved);
        QCOMPARE(b.wait<int>([&](auto done) { cache.sweep(done); }), 1);
        QVERIFY(!QFile::exists(cache.absolutePath(reserved)));
    }

    void removeDeletesTheFile()
    {
        Bridge b;
        QVERIFY(b.open());
        MediaCache cache(&b.store, b.mediaPath());
        const MediaCacheEntry e = withFile(b.mediaPath(), "a", 10);
        QVERIFY(b.insert(cache, e));
        QSignalSpy removed(&cache, &MediaCache::removed);
        cache.remove(e.mxcUri, e.variant);
        QTRY_COMPARE(removed.size(), 1);
        QTRY_VERIFY(!QFile::exists(cache.absolutePath(e.file.fileName)));
        QVERIFY(!b.find(cache, e.mxcUri));
    }
};

QTEST_GUILESS_MAIN(TestMediaCache)
#include "test_media_cache.moc"
