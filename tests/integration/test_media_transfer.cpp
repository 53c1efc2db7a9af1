// Media against the real Synapse of the test run: the upload limit, streamed uploads (plain and an encrypted
// attachment's ciphertext), downloads streamed into the encrypted cache through MediaDownloader with identical
// bytes back (SHA-256 equal), a thumbnail of an uploaded PNG, a tampered ciphertext refused with nothing kept,
// an upload over the limit that never arrives (Synapse aborts it: the limit is to be checked first), several
// transfers at once, an upload cancelled midway.
#include "api/media_api.h"
#include "media/media_cache.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "media/mxc_uri.h"
#include "net/http_client.h"
#include "session/store_bridge.h"
#include "support/media_checks.h"
#include "support/synapse_fixture.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

constexpr qint64 kChunk = 64 * 1024;

// A file of `size` pseudo-random bytes written in chunks; its SHA-256.
QByteArray writeRandomFile(QFile &file, qint64 size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(kChunk, Qt::Uninitialized);
    for (qint64 done = 0; done < size; done += chunk.size()) {
        chunk.resize(qMin(kChunk, size - done));
        rng.fillRange(reinterpret_cast<quint32 *>(chunk.data()), chunk.size() / 4);
        for (qsizetype i = chunk.size() / 4 * 4; i < chunk.size(); ++i)
            chunk[i] = char(rng.bounded(256));
        file.write(chunk);
        hash.addData(chunk);
    }
    file.flush();
    file.seek(0);
    return hash.result();
}

// SHA-256 of a cached file's plaintext (decrypted in chunks with its key), or of what a failed decryption gave.
QByteArray plaintextSha256(const QString &path, const EncryptedFileInfo &cipher)
{
    QFile file(path);
    AttachmentDecryptor decryptor;
    if (!file.open(QIODevice::ReadOnly) || !decryptor.init(cipher).ok())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (!file.atEnd()) {
        const auto plain = decryptor.update(file.read(kChunk));
        if (!plain.ok())
            return {};
        hash.addData(plain.value);
    }
    return decryptor.finish().ok() ? hash.result() : QByteArray();
}

// Encrypts `in` into `out` chunk by chunk as an attachment (a fresh key): its EncryptedFileInfo.
EncryptedFileInfo encryptFile(QFile &in, QFile &out)
{
    AttachmentEncryptor encryptor;
    if (!encryptor.init().ok())
        return {};
    in.seek(0);
    while (!in.atEnd())
        out.write(encryptor.update(in.read(kChunk)).value);
    out.flush();
    out.seek(0);
    in.seek(0);
    return encryptor.finish().value;
}

HttpResponse waitFinished(PendingRequest *request, int timeoutMs = 120000)
{
    QSignalSpy spy(request, &PendingRequest::finished);
    if (!spy.wait(timeoutMs))
        return {};
    return spy.first().first().value<HttpResponse>();
}

} // namespace

class TestMediaTransfer : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_user;
    QTemporaryDir m_dir;
    HttpClient m_http;
    MediaApi m_api{&m_http};
    StoreBridge m_store;
    std::unique_ptr<MediaCache> m_cache;
    std::unique_ptr<MediaDownloader> m_downloader;

    // Uploads `size` bytes of `device`; the content URI (invalid on failure, with the answer in *response).
    MxcUri upload(QIODevice *device, qint64 size, const QString &type, const QString &name,
                  HttpResponse *response = nullptr, QList<qint64> *progress = nullptr)
    {
        PendingRequest *request = m_api.upload(device, size, type, name);
        QSignalSpy spy(request, &PendingRequest::uploadProgress);
        const HttpResponse answer = waitFinished(request);
        if (response)
            *response = answer;
        if (progress) {
            for (const auto &args : spy)
                progress->append(args.at(0).toLongLong());
        }
        return MediaApi::uploadedUri(answer);
    }
    QStringList cacheFiles() const { return QDir(m_cache->cacheDir()).entryList(QDir::Files | QDir::Hidden); }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        auto user = registerUser(m_server, QStringLiteral("media"), false, &error);
        QVERIFY2(user, qPrintable(error));
        m_user = *user;
        m_http.setHomeserver(m_server.baseUrl);
        m_http.setAccessToken(m_user.accessToken);
        bool opened = false, done = false;
        m_store.open({m_dir.filePath("store.db"), QByteArray(32, 'm')}, [&](const StoreBridge::Opened &o) {
            opened = o.error.ok();
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 10000) && opened);
        m_cache = std::make_unique<MediaCache>(&m_store, m_dir.filePath("media"));
        m_downloader = std::make_unique<MediaDownloader>(&m_api, m_cache.get());
    }

    void configGivesTheUploadLimit()
    {
        const HttpResponse response = waitFinished(m_api.config());
        QVERIFY2(response.ok(), qPrintable(response.error.message));
        // tests/support/synapse_overrides.yaml: max_upload_size: 50M
        QCOMPARE(MediaApi::uploadSizeLimit(response), qint64(50) * 1024 * 1024);
    }

    void plainFileComesBackIdentical()
    {
        QTemporaryFile source;
        QVERIFY(source.open());
        const qint64 size = 3 * 1024 * 1024 + 123;
        const QByteArray sha = writeRandomFile(source, size, 11);
        QList<qint64> progress;
        HttpResponse answer;
        const MxcUri uri = upload(&source, size, "application/pdf", QStringLiteral("rapport signé.pdf"), &answer,
                                  &progress);
        QVERIFY2(uri.isValid(), qPrintable(answer.error.message + QString::fromUtf8(answer.body)));
        QCOMPARE(uri.serverName(), m_server.serverName);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), size);

        MediaRequest request;
        request.mxcUri = uri.toString();
        MediaFetch *fetch = m_downloader->fetch(request);
        QSignalSpy downloadProgress(fetch, &MediaFetch::progress);
        const FetchedMedia fetched = waitFetched(fetch);
        QVERIFY2(fetched.ok(), qPrintable(fetched.error.detail));
        QVERIFY(!fetched.fromCache);
        QVERIFY(!downloadProgress.isEmpty());
        QCOMPARE(downloadProgress.last().at(0).toLongLong(), size);
        QCOMPARE(fetched.entry.file.size, size);
        QCOMPARE(fetched.entry.mimeType, QStringLiteral("application/pdf"));
        const QString cached = m_cache->absolutePath(fetched.entry.file.fileName);
        QVERIFY(sha256OfFile(cached) != sha); // encrypted at rest
        QCOMPARE(plaintextSha256(cached, fetched.entry.file.cipher), sha);

        const FetchedMedia again = waitFetched(m_downloader->fetch(request));
        QVERIFY(again.ok());
        QVERIFY(again.fromCache);
        QCOMPARE(again.entry.file.fileName, fetched.entry.file.fileName);
    }

    void encryptedAttachmentComesBackIdentical()
    {
        QTemporaryFile plain, cipher;
        QVERIFY(plain.open() && cipher.open());
        const qint64 size = 2 * 1024 * 1024 + 7;
        const QByteArray sha = writeRandomFile(plain, size, 12);
        EncryptedFileInfo info = encryptFile(plain, cipher);
        QVERIFY(info.validate().ok());
        // Encrypted attachments are uploaded as application/octet-stream: the type would say what they hide.
        const MxcUri uri = upload(&cipher, size, "application/octet-stream", {});
        QVERIFY(uri.isValid());
        info.url = uri.toString();

        MediaRequest request;
        request.mxcUri = uri.toString();
        request.encrypted = info;
        const FetchedMedia fetched = waitFetched(m_downloader->fetch(request));
        QVERIFY2(fetched.ok(), qPrintable(fetched.error.detail));
        const QString cached = m_cache->absolutePath(fetched.entry.file.fileName);
        QCOMPARE(sha256OfFile(cached), info.sha256); // the ciphertext exactly as uploaded
        QCOMPARE(fetched.entry.file.cipher.key, info.key);
        QCOMPARE(plaintextSha256(cached, fetched.entry.file.cipher), sha);
    }

    void tamperedCiphertextIsRefused()
    {
        QTemporaryFile plain, cipher;
        QVERIFY(plain.open() && cipher.open());
        writeRandomFile(plain, 300 * 1024, 13);
        const EncryptedFileInfo info = encryptFile(plain, cipher);
        // One bit flipped in what goes to the server; the event still announces the original hash.
        QVERIFY(cipher.seek(150000));
        QByteArray byte = cipher.read(1);
        byte[0] = char(byte[0] ^ 0x04);
        QVERIFY(cipher.seek(150000));
        cipher.write(byte);
        cipher.flush();
        QVERIFY(cipher.seek(0));
        const MxcUri uri = upload(&cipher, 300 * 1024, "application/octet-stream", {});
        QVERIFY(uri.isValid());

        const QStringList before = cacheFiles();
        MediaRequest request;
        request.mxcUri = uri.toString();
        request.encrypted = info;
        const FetchedMedia fetched = waitFetched(m_downloader->fetch(request));
        QCOMPARE(fetched.error.kind, MediaError::Kind::HashMismatch);
        QVERIFY(fetched.entry.file.fileName.isEmpty());
        QTRY_COMPARE(cacheFiles(), before); // nothing of it kept
    }

    void thumbnailOfAnUploadedPng()
    {
        QImage image(1200, 900, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.fillRect(0, 0, 600, 450, Qt::red);
        painter.fillRect(600, 450, 600, 450, Qt::blue);
        painter.end();
        QTemporaryFile png;
        QVERIFY(png.open());
        QVERIFY(image.save(&png, "PNG"));
        png.flush();
        const qint64 size = png.size();
        QVERIFY(png.seek(0));
        const MxcUri uri = upload(&png, size, "image/png", QStringLiteral("tableau.png"));
        QVERIFY(uri.isValid());

        MediaRequest request;
        request.mxcUri = uri.toString();
        request.thumbnailSize = QSize(320, 240);
        const FetchedMedia fetched = waitFetched(m_downloader->fetch(request));
        QVERIFY2(fetched.ok(), qPrintable(fetched.error.detail));
        QCOMPARE(fetched.entry.variant, QStringLiteral("thumb:320x240:scale"));
        QVERIFY(fetched.entry.mimeType.startsWith(QLatin1String("image/")));
        QVERIFY(fetched.entry.file.size < size);
        QFile cached(m_cache->absolutePath(fetched.entry.file.fileName));
        QVERIFY(cached.open(QIODevice::ReadOnly));
        // Small enough to read whole in a test.
        const auto bytes = decryptAttachment(cached.readAll(), fetched.entry.file.cipher);
        QVERIFY(bytes.ok());
        const QImage thumb = QImage::fromData(bytes.value);
        QVERIFY(!thumb.isNull());
        QVERIFY2(thumb.width() < image.width() && thumb.width() >= 320,
                 qPrintable(QStringLiteral("%1x%2").arg(thumb.width()).arg(thumb.height())));
        QVERIFY(qAbs(double(thumb.width()) / thumb.height() - 4.0 / 3.0) < 0.03); // aspect kept by "scale"
        // The picture is the one sent: red top-left, blue bottom-right.
        QVERIFY(qRed(thumb.pixel(thumb.width() / 4, thumb.height() / 4)) > 200);
        QVERIFY(qBlue(thumb.pixel(thumb.width() * 3 / 4, thumb.height() * 3 / 4)) > 200);
        // And the whole file is another entry.
        request.thumbnailSize = {};
        const FetchedMedia full = waitFetched(m_downloader->fetch(request));
        QVERIFY(full.ok());
        QCOMPARE(full.entry.file.size, size);
        QCOMPARE(plaintextSha256(m_cache->absolutePath(full.entry.file.fileName), full.entry.file.cipher),
                 sha256OfFile(png.fileName()));
    }

    void overTheLimitNeverArrives()
    {
        // One byte over max_upload_size (50M), zeros of a sparse file. Synapse does not answer 413: it aborts the
        // connection once the body passes its limit. Nothing is stored, and the client can only tell from the
        // limit it read first (configGivesTheUploadLimit): check it before uploading, never rely on an answer.
        QTemporaryFile big;
        QVERIFY(big.open());
        const qint64 size = qint64(50) * 1024 * 1024 + 1;
        QVERIFY(big.resize(size));
        PendingRequest *request = m_api.upload(&big, size, "application/octet-stream", QStringLiteral("big.bin"),
                                               RetryPolicy::none());
        const HttpResponse answer = waitFinished(request);
        QVERIFY(!answer.ok());
        QVERIFY(!MediaApi::uploadedUri(answer).isValid());
        QVERIFY2(answer.error.kind == MatrixError::Kind::Network
                     || answer.error.errcode == QLatin1String("M_TOO_LARGE"),
                 qPrintable(QString::fromLatin1(MatrixError::kindName(answer.error.kind))));
    }

    void missingMediaIsNotFound()
    {
        MediaRequest request;
        request.mxcUri = QStringLiteral("mxc://%1/NoSuchMediaHere0123").arg(m_server.serverName);
        const FetchedMedia fetched = waitFetched(m_downloader->fetch(request));
        QCOMPARE(fetched.error.kind, MediaError::Kind::NotFound);
    }

    void severalTransfersAtOnce()
    {
        constexpr int kFiles = 4;
        std::vector<std::unique_ptr<QTemporaryFile>> files;
        QList<QByteArray> hashes;
        QList<QSharedPointer<QSignalSpy>> uploads; // watched from the start: they finish in any order
        for (int i = 0; i < kFiles; ++i) {
            files.push_back(std::make_unique<QTemporaryFile>());
            QVERIFY(files.back()->open());
            hashes.append(writeRandomFile(*files.back(), 700 * 1024 + i * 1000, 100 + i));
            PendingRequest *request =
                m_api.upload(files.back().get(), files.back()->size(), "application/octet-stream", {});
            uploads.append(QSharedPointer<QSignalSpy>::create(request, &PendingRequest::finished));
        }
        QList<MxcUri> uris;
        for (const auto &spy : uploads) {
            QTRY_COMPARE_WITH_TIMEOUT(spy->size(), 1, 60000);
            const MxcUri uri = MediaApi::uploadedUri(spy->first().first().value<HttpResponse>());
            QVERIFY(uri.isValid());
            uris.append(uri);
        }
        QList<MediaFetch *> fetches;
        for (const MxcUri &uri : uris) {
            MediaRequest request;
            request.mxcUri = uri.toString();
            fetches.append(m_downloader->fetch(request));
        }
        QCOMPARE(m_downloader->activeTransfers(), kFiles);
        QList<QSharedPointer<QSignalSpy>> spies;
        for (MediaFetch *fetch : fetches)
            spies.append(QSharedPointer<QSignalSpy>::create(fetch, &MediaFetch::finished));
        for (int i = 0; i < kFiles; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(spies[i]->size(), 1, 60000);
            const FetchedMedia fetched = spies[i]->first().first().value<FetchedMedia>();
            QVERIFY2(fetched.ok(), qPrintable(fetched.error.detail));
            QCOMPARE(plaintextSha256(m_cache->absolutePath(fetched.entry.file.fileName), fetched.entry.file.cipher),
                     hashes[i]);
        }
    }

    void cancelledUploadEndsAtOnce()
    {
        QTemporaryFile source;
        QVERIFY(source.open());
        const qint64 size = 30 * 1024 * 1024;
        writeRandomFile(source, size, 14);
        PendingRequest *request = m_api.upload(&source, size, "application/octet-stream", {});
        QSignalSpy progress(request, &PendingRequest::uploadProgress);
        QSignalSpy finished(request, &PendingRequest::finished);
        QVERIFY(progress.wait(10000));
        request->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<HttpResponse>().error.kind, MatrixError::Kind::Cancelled);
    }
};

QTEST_MAIN(TestMediaTransfer)
#include "test_media_transfer.moc"
