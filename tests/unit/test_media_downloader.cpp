// MediaDownloader over a real StoreBridge, a real cache folder and a scripted HTTP server (for faults a real
// homeserver can't produce on demand: bodies cut short, stalls, a server sending other bytes than announced).
// The real-server path is in integration/test_media_transfer.
#include "api/media_api.h"
#include "media/media_cache.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "net/http_client.h"
#include "session/store_bridge.h"
#include "support/fault_http_server.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace estafette;
using estafette::test::CannedResponse;
using estafette::test::FaultHttpServer;
using Kind = MediaError::Kind;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed = 3)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

FetchedMedia waitFor(MediaFetch *fetch, int timeoutMs = 15000)
{
    QSignalSpy spy(fetch, &MediaFetch::finished);
    if (!spy.wait(timeoutMs))
        return {};
    return spy.first().first().value<FetchedMedia>();
}

MediaRequest plain(const QString &id = QStringLiteral("abc"))
{
    MediaRequest request;
    request.mxcUri = QStringLiteral("mxc://x.example/") + id;
    return request;
}

} // namespace

class TestMediaDownloader : public QObject {
    Q_OBJECT
    QTemporaryDir *dir = nullptr;
    FaultHttpServer *server = nullptr;
    HttpClient *http = nullptr;
    MediaApi *api = nullptr;
    StoreBridge *store = nullptr;
    MediaCache *cache = nullptr;
    MediaDownloader *downloader = nullptr;

    QStringList cacheFiles() const { return QDir(cache->cacheDir()).entryList(QDir::Files | QDir::Hidden); }
    qint64 cachedBytes()
    {
        qint64 total = -1;
        MediaCacheIndex(store).totalSize([&](qint64 t) { total = t; });
        (void)QTest::qWaitFor([&] { return total >= 0; }, 5000);
        return total;
    }

private slots:
    void init()
    {
        dir = new QTemporaryDir;
        server = new FaultHttpServer;
        QVERIFY(server->listen());
        http = new HttpClient;
        http->setHomeserver(server->url());
        http->setAccessToken(QStringLiteral("tok"));
        api = new MediaApi(http);
        store = new StoreBridge;
        bool opened = false, done = false;
        store->open({dir->filePath("store.db"), QByteArray(32, 's')}, [&](const StoreBridge::Opened &o) {
            opened = o.error.ok();
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000) && opened);
        cache = new MediaCache(store, dir->filePath("media"));
        downloader = new MediaDownloader(api, cache);
        downloader->setRestartPolicy(RetryPolicy{3, 10, 50});
    }
    void cleanup()
    {
        delete downloader;
        delete cache;
        delete store;
        delete api;
        delete http;
        delete server;
        delete dir;
    }

    void plainFileIsCachedEncryptedThenServedFromTheCache()
    {
        const QByteArray data = randomBytes(500 * 1024);
        server->enqueue(CannedResponse::raw(200, data, "image/png"));
        MediaFetch *fetch = downloader->fetch(plain());
        QSignalSpy progress(fetch, &MediaFetch::progress);
        const FetchedMedia first = waitFor(fetch);
        QVERIFY2(first.ok(), first.error.detail.toUtf8());
        QVERIFY(!first.fromCache);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(data.size()));
        QCOMPARE(server->requests().first().path(), QByteArray("/_matrix/client/v1/media/download/x.example/abc"));
        QCOMPARE(server->requests().first().header("authorization"), QByteArray("Bearer tok"));
        QCOMPARE(first.entry.mxcUri, QStringLiteral("mxc://x.example/abc"));
        QCOMPARE(first.entry.mimeType, QStringLiteral("image/png"));
        QCOMPARE(first.entry.file.size, data.size());
        QVERIFY(first.entry.file.fileName.startsWith("cache/"));
        const QByteArray onDisk = readAll(cache->absolutePath(first.entry.file.fileName));
        QVERIFY(onDisk != data);
        QVERIFY(decryptAttachment(onDisk, first.entry.file.cipher).value == data);

        const FetchedMedia second = waitFor(downloader->fetch(plain()));
        QVERIFY(second.ok());
        QVERIFY(second.fromCache);
        QCOMPARE(second.entry.file.fileName, first.entry.file.fileName);
        QCOMPARE(second.entry.file.cipher.key, first.entry.file.cipher.key);
        QCOMPARE(server->requestCount(), 1);
        QCOMPARE(cacheFiles().size(), 1);
    }

    void thumbnailIsItsOwnVariant()
    {
        server->enqueue(CannedResponse::raw(200, randomBytes(3000), "image/jpeg"));
        MediaRequest request = plain();
        request.thumbnailSize = QSize(320, 240);
        request.thumbnailMethod = MediaApi::ThumbnailMethod::Scale;
        const FetchedMedia thumb = waitFor(downloader->fetch(request));
        QVERIFY2(thumb.ok(), thumb.error.detail.toUtf8());
        QCOMPARE(thumb.entry.variant, QStringLiteral("thumb:320x240:scale"));
        const auto sent = server->requests().first();
        QCOMPARE(sent.path(), QByteArray("/_matrix/client/v1/media/thumbnail/x.example/abc"));
        const QUrlQuery query(QString::fromLatin1(sent.target.mid(sent.target.indexOf('?') + 1)));
        QCOMPARE(query.queryItemValue("width"), QStringLiteral("320"));
        QCOMPARE(query.queryItemValue("height"), QStringLiteral("240"));
        QCOMPARE(query.queryItemValue("method"), QStringLiteral("scale"));
        // The whole file is another entry: fetched anew.
        server->enqueue(CannedResponse::raw(200, randomBytes(9000), "image/jpeg"));
        const FetchedMedia full = waitFor(downloader->fetch(plain()));
        QVERIFY(full.ok());
        QVERIFY(!full.fromCache);
        QCOMPARE(full.entry.file.size, 9000);
        QCOMPARE(server->requestCount(), 2);
    }

    void encryptedAttachmentIsKeptAsItsCiphertext()
    {
        const QByteArray plainBytes = randomBytes(120000);
        const auto encrypted = encryptAttachment(plainBytes);
        server->enqueue(CannedResponse::raw(200, encrypted.value.ciphertext, "application/octet-stream"));
        MediaRequest request = plain();
        request.encrypted = encrypted.value.info;
        const FetchedMedia fetched = waitFor(downloader->fetch(request));
        QVERIFY2(fetched.ok(), fetched.error.detail.toUtf8());
        QVERIFY(fetched.entry.variant.startsWith("e2e:"));
        QCOMPARE(fetched.entry.file.cipher.key, encrypted.value.info.key);
        QCOMPARE(fetched.entry.file.cipher.sha256, encrypted.value.info.sha256);
        const QByteArray onDisk = readAll(cache->absolutePath(fetched.entry.file.fileName));
        QVERIFY(onDisk == encrypted.value.ciphertext);
        QVERIFY(decryptAttachment(onDisk, fetched.entry.file.cipher).value == plainBytes);
        QVERIFY(waitFor(downloader->fetch(request)).fromCache);
        QCOMPARE(server->requestCount(), 1);
    }

    void tamperedCiphertextIsRefusedAndNothingKept()
    {
        const auto encrypted = encryptAttachment(randomBytes(80000));
        QByteArray tampered = encrypted.value.ciphertext;
        tampered[100] = char(tampered[100] ^ 0x80);
        server->setDefaultResponse(CannedResponse::raw(200, tampered, "application/octet-stream"));
        MediaRequest request = plain();
        request.encrypted = encrypted.value.info;
        const FetchedMedia fetched = waitFor(downloader->fetch(request));
        QCOMPARE(fetched.error.kind, Kind::HashMismatch);
        QVERIFY(fetched.entry.file.fileName.isEmpty());
        QTRY_VERIFY(cacheFiles().isEmpty());
        QCOMPARE(cachedBytes(), 0);
        // Not remembered as good either: asked again, it is fetched and refused again.
        QCOMPARE(waitFor(downloader->fetch(request)).error.kind, Kind::HashMismatch);
        QCOMPARE(server->requestCount(), 2);
    }

    void anotherKeyForTheSameCiphertextNeverGetsTheCachedOne()
    {
        const auto encrypted = encryptAttachment(randomBytes(5000));
        server->setDefaultResponse(CannedResponse::raw(200, encrypted.value.ciphertext, "application/octet-stream"));
        MediaRequest real = plain();
        real.encrypted = encrypted.value.info;
        QVERIFY(waitFor(downloader->fetch(real)).ok());
        MediaRequest forged = real;
        forged.encrypted->key = QByteArray(32, 'F');
        const FetchedMedia other = waitFor(downloader->fetch(forged));
        QVERIFY(other.ok()); // the bytes are the announced ones; decrypting them with this key gives noise
        QVERIFY(!other.fromCache);
        QCOMPARE(other.entry.file.cipher.key, QByteArray(32, 'F'));
        const FetchedMedia again = waitFor(downloader->fetch(real));
        QVERIFY(again.fromCache);
        QCOMPARE(again.entry.file.cipher.key, encrypted.value.info.key);
    }

    void bodyCutShortStartsOverFromTheBeginning()
    {
        const QByteArray data = randomBytes(400 * 1024);
        CannedResponse cut = CannedResponse::raw(200, data.left(150 * 1024), "application/octet-stream");
        cut.declaredLength = data.size();
        server->enqueue(cut);
        // Every later request gets the whole body (QNAM may resend the cut one by itself, as well as our restart).
        server->setDefaultResponse(CannedResponse::raw(200, data, "application/octet-stream"));
        const FetchedMedia fetched = waitFor(downloader->fetch(plain()));
        QVERIFY2(fetched.ok(), fetched.error.detail.toUtf8());
        QVERIFY(server->requestCount() >= 2);
        QCOMPARE(fetched.entry.file.size, data.size());
        QVERIFY(decryptAttachment(readAll(cache->absolutePath(fetched.entry.file.fileName)), fetched.entry.file.cipher).value
                == data);
        QCOMPARE(cacheFiles().size(), 1);
    }

    void bodyAlwaysCutShortFailsAsTruncated()
    {
        const QByteArray data = randomBytes(50000);
        CannedResponse cut = CannedResponse::raw(200, data.left(20000), "application/octet-stream");
        cut.declaredLength = data.size();
        server->setDefaultResponse(cut);
        const FetchedMedia fetched = waitFor(downloader->fetch(plain()));
        QCOMPARE(fetched.error.kind, Kind::Truncated);
        QVERIFY(server->requestCount() >= 3); // the restart policy's three attempts (QNAM may add resends)
        QTRY_VERIFY(cacheFiles().isEmpty());
        QCOMPARE(cachedBytes(), 0);
    }

    void overTheLimitIsRefused()
    {
        server->enqueue(CannedResponse::raw(200, randomBytes(10000), "application/octet-stream"));
        MediaRequest request = plain();
        request.maxSize = 9999;
        const FetchedMedia fetched = waitFor(downloader->fetch(request));
        QCOMPARE(fetched.error.kind, Kind::TooLarge);
        QCOMPARE(server->requestCount(), 1);
        QTRY_VERIFY(cacheFiles().isEmpty());
    }

    void missingMediaIsNotFound()
    {
        server->enqueue(CannedResponse::matrixError(404, "M_NOT_FOUND"));
        const FetchedMedia fetched = waitFor(downloader->fetch(plain()));
        QCOMPARE(fetched.error.kind, Kind::NotFound);
        QCOMPARE(fetched.error.server.errcode, QStringLiteral("M_NOT_FOUND"));
        QTRY_VERIFY(cacheFiles().isEmpty());
    }

    void forbiddenIsAServerRefusal()
    {
        server->enqueue(CannedResponse::matrixError(403, "M_FORBIDDEN"));
        const FetchedMedia fetched = waitFor(downloader->fetch(plain()));
        QCOMPARE(fetched.error.kind, Kind::Server);
        QCOMPARE(fetched.error.server.httpStatus, 403);
    }

    void malformedRequestsNeverReachTheServer()
    {
        MediaRequest bad = plain();
        bad.mxcUri = QStringLiteral("https://x.example/abc");
        MediaFetch *fetch = downloader->fetch(bad);
        QVERIFY(!fetch->isFinished()); // never from within fetch()
        QCOMPARE(waitFor(fetch).error.kind, Kind::InvalidUri);
        MediaRequest traversal = plain();
        traversal.mxcUri = QStringLiteral("mxc://x.example/../../admin");
        QCOMPARE(waitFor(downloader->fetch(traversal)).error.kind, Kind::InvalidUri);
        MediaRequest badKey = plain();
        badKey.encrypted = encryptAttachment(QByteArray("x")).value.info;
        badKey.encrypted->key.chop(1);
        QCOMPARE(waitFor(downloader->fetch(badKey)).error.kind, Kind::InvalidFileInfo);
        QCOMPARE(server->requestCount(), 0);
    }

    void sameFileAskedTwiceIsDownloadedOnce()
    {
        const QByteArray data = randomBytes(300000);
        server->enqueue(CannedResponse::raw(200, data, "application/octet-stream"));
        MediaFetch *a = downloader->fetch(plain());
        MediaFetch *b = downloader->fetch(plain());
        QCOMPARE(downloader->activeTransfers(), 1);
        QSignalSpy doneB(b, &MediaFetch::finished);
        const FetchedMedia ra = waitFor(a);
        QTRY_COMPARE(doneB.size(), 1);
        const FetchedMedia rb = doneB.first().first().value<FetchedMedia>();
        QVERIFY(ra.ok() && rb.ok());
        QCOMPARE(ra.entry.file.fileName, rb.entry.file.fileName);
        QCOMPARE(server->requestCount(), 1);
        QCOMPARE(downloader->activeTransfers(), 0);
    }

    void cancellingOneCallerKeepsTheDownloadForTheOther()
    {
        CannedResponse stall = CannedResponse::raw(200, randomBytes(64 * 1024), "application/octet-stream");
        stall.declaredLength = 50 * 1024 * 1024;
        stall.holdOpen = true;
        server->enqueue(stall);
        MediaFetch *a = downloader->fetch(plain());
        MediaFetch *b = downloader->fetch(plain());
        QSignalSpy progressB(b, &MediaFetch::progress);
        QSignalSpy doneA(a, &MediaFetch::finished);
        QSignalSpy doneB(b, &MediaFetch::finished);
        QVERIFY(progressB.wait(5000));
        QTRY_COMPARE(cacheFiles().size(), 1); // the partial file
        a->cancel();
        QCOMPARE(doneA.size(), 1);
        QCOMPARE(doneA.first().first().value<FetchedMedia>().error.kind, Kind::Cancelled);
        QCOMPARE(downloader->activeTransfers(), 1);
        QVERIFY(doneB.isEmpty());
        b->cancel();
        QCOMPARE(doneB.size(), 1);
        QCOMPARE(downloader->activeTransfers(), 0);
        QVERIFY(cacheFiles().isEmpty()); // the partial file is gone at once
        QCOMPARE(cachedBytes(), 0);
    }

    void destroyingTheDownloaderMidTransferLeavesNothing()
    {
        CannedResponse stall = CannedResponse::raw(200, randomBytes(64 * 1024), "application/octet-stream");
        stall.declaredLength = 50 * 1024 * 1024;
        stall.holdOpen = true;
        server->enqueue(stall);
        MediaFetch *fetch = downloader->fetch(plain());
        QSignalSpy progress(fetch, &MediaFetch::progress);
        QVERIFY(progress.wait(5000));
        delete downloader;
        downloader = nullptr;
        QVERIFY(cacheFiles().isEmpty());
    }

    void sweepAfterACrashRemovesHalfWrittenFiles()
    {
        // What a kill -9 mid-download leaves: a file in the cache folder no entry names.
        QFile half(cache->absolutePath("cache/0123456789abcdef0123456789abcdef"));
        QVERIFY(half.open(QIODevice::WriteOnly));
        half.write(randomBytes(1000));
        half.close();
        server->enqueue(CannedResponse::raw(200, randomBytes(100), "application/octet-stream"));
        const FetchedMedia kept = waitFor(downloader->fetch(plain()));
        QVERIFY(kept.ok());
        int removed = -1;
        cache->sweep([&](int n) { removed = n; });
        QTRY_COMPARE(removed, 1);
        QCOMPARE(cacheFiles(), QStringList{kept.entry.file.fileName.mid(6)});
    }
};

QTEST_GUILESS_MAIN(TestMediaDownloader)
#include "test_media_downloader.moc"
