// CacheFileWriter: a downloaded body into one cache file, encrypted at rest as it is written (plain media, a fresh
// key each time) or kept as the attachment's ciphertext with its SHA-256 checked; nothing left behind on failure.
#include "media/cache_file_writer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <ctime>
#include <sys/resource.h>

using namespace estafette;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed = 7)
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

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

bool writeInChunks(QIODevice &device, const QByteArray &data, qsizetype chunk)
{
    for (qsizetype at = 0; at < data.size(); at += chunk) {
        const QByteArray part = data.mid(at, chunk);
        if (device.write(part) != part.size())
            return false;
    }
    return true;
}

struct Finished {
    bool done = false;
    StagedFile file;
    MediaError error;
};

Finished finish(CacheFileWriter &writer)
{
    Finished result;
    writer.finish([&](const StagedFile &file, const MediaError &error) {
        result.done = true;
        result.file = file;
        result.error = error;
    });
    (void)QTest::qWaitFor([&] { return result.done; }, 10000);
    return result;
}

} // namespace

class TestMediaCacheWriter : public QObject {
    Q_OBJECT
    QThread *io = nullptr;

private slots:
    void initTestCase()
    {
        io = new QThread(this);
        io->start();
    }
    void cleanupTestCase()
    {
        io->quit();
        io->wait();
    }

    void plainMediaIsEncryptedWhileWritten()
    {
        QTemporaryDir dir;
        const QByteArray plain = randomBytes(300 * 1024 + 17);
        const QString path = dir.filePath("f1");
        CacheFileWriter writer(path, "cache/f1", std::nullopt, io);
        QVERIFY(writer.open());
        QVERIFY(writer.isSequential());
        QVERIFY(writeInChunks(writer, plain, 64 * 1024));
        QCOMPARE(writer.written(), plain.size());
        const Finished done = finish(writer);
        QVERIFY(done.done);
        QVERIFY2(done.error.ok(), done.error.detail.toUtf8());
        QCOMPARE(done.file.fileName, QStringLiteral("cache/f1"));
        QCOMPARE(done.file.size, plain.size());
        QVERIFY(done.file.isValid());
        const QByteArray onDisk = readAll(path);
        QCOMPARE(onDisk.size(), plain.size());
        QVERIFY(onDisk != plain);
        QVERIFY(!onDisk.contains(plain.mid(1000, 64))); // nothing of the plaintext readable
        QCOMPARE(QFile::permissions(path) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        const AttachmentResult<QByteArray> back = decryptAttachment(onDisk, done.file.cipher);
        QVERIFY(back.ok());
        QVERIFY(back.value == plain);
    }

    void eachFileGetsItsOwnKey()
    {
        QTemporaryDir dir;
        const QByteArray plain = randomBytes(1000);
        CacheFileWriter a(dir.filePath("a"), "cache/a", std::nullopt, io);
        CacheFileWriter b(dir.filePath("b"), "cache/b", std::nullopt, io);
        QVERIFY(a.open() && b.open());
        a.write(plain);
        b.write(plain);
        const Finished fa = finish(a), fb = finish(b);
        QVERIFY(fa.error.ok() && fb.error.ok());
        QVERIFY(fa.file.cipher.key != fb.file.cipher.key);
        QVERIFY(readAll(dir.filePath("a")) != readAll(dir.filePath("b")));
    }

    void attachmentCiphertextIsKeptAsDownloaded()
    {
        QTemporaryDir dir;
        const QByteArray plain = randomBytes(200 * 1024);
        const AttachmentResult<EncryptedAttachment> encrypted = encryptAttachment(plain);
        QVERIFY(encrypted.ok());
        EncryptedFileInfo info = encrypted.value.info;
        info.url = QStringLiteral("mxc://x/abc");
        const QString path = dir.filePath("e");
        CacheFileWriter writer(path, "cache/e", info, io);
        QVERIFY(writer.open());
        QVERIFY(writeInChunks(writer, encrypted.value.ciphertext, 10000));
        const Finished done = finish(writer);
        QVERIFY2(done.error.ok(), done.error.detail.toUtf8());
        QVERIFY(readAll(path) == encrypted.value.ciphertext);
        QCOMPARE(done.file.cipher.key, info.key);
        QCOMPARE(done.file.cipher.iv, info.iv);
        QCOMPARE(done.file.cipher.sha256, info.sha256);
        QVERIFY(done.file.cipher.url.isEmpty());
        QVERIFY(decryptAttachment(readAll(path), done.file.cipher).value == plain);
    }

    void tamperedCiphertextIsRefusedAndRemoved()
    {
        QTemporaryDir dir;
        const AttachmentResult<EncryptedAttachment> encrypted = encryptAttachment(randomBytes(50000));
        QByteArray tampered = encrypted.value.ciphertext;
        tampered[31337] = char(tampered[31337] ^ 0x01);
        const QString path = dir.filePath("t");
        CacheFileWriter writer(path, "cache/t", encrypted.value.info, io);
        QVERIFY(writer.open());
        QVERIFY(writeInChunks(writer, tampered, 4096));
        const Finished done = finish(writer);
        QCOMPARE(done.error.kind, MediaError::Kind::HashMismatch);
        QVERIFY(!done.file.isValid());
        QVERIFY(!QFile::exists(path));
    }

    void restartStartsTheFileOver()
    {
        QTemporaryDir dir;
        const QByteArray plain = randomBytes(100000);
        const QString path = dir.filePath("r");
        CacheFileWriter writer(path, "cache/r", std::nullopt, io);
        QVERIFY(writer.open());
        QVERIFY(writeInChunks(writer, randomBytes(70000, 99), 8192)); // a first attempt, cut short
        QVERIFY(writer.restart());
        QCOMPARE(writer.written(), 0);
        QVERIFY(writeInChunks(writer, plain, 8192));
        const Finished done = finish(writer);
        QVERIFY(done.error.ok());
        QCOMPARE(readAll(path).size(), plain.size());
        QVERIFY(decryptAttachment(readAll(path), done.file.cipher).value == plain);
    }

    void restartedAttachmentChecksOnlyTheLastAttempt()
    {
        QTemporaryDir dir;
        const AttachmentResult<EncryptedAttachment> encrypted = encryptAttachment(randomBytes(40000));
        const QString path = dir.filePath("ra");
        CacheFileWriter writer(path, "cache/ra", encrypted.value.info, io);
        QVERIFY(writer.open());
        writer.write(encrypted.value.ciphertext.left(12345));
        QVERIFY(writer.restart());
        QVERIFY(writeInChunks(writer, encrypted.value.ciphertext, 5000));
        const Finished done = finish(writer);
        QVERIFY2(done.error.ok(), done.error.detail.toUtf8());
        QVERIFY(readAll(path) == encrypted.value.ciphertext);
    }

    void discardAndDestructionLeaveNothing()
    {
        QTemporaryDir dir;
        {
            CacheFileWriter writer(dir.filePath("d1"), "cache/d1", std::nullopt, io);
            QVERIFY(writer.open());
            writer.write(randomBytes(1000));
            QVERIFY(QFile::exists(dir.filePath("d1")));
            writer.discard();
            QVERIFY(!QFile::exists(dir.filePath("d1")));
            QCOMPARE(writer.write("more"), -1);
        }
        {
            CacheFileWriter writer(dir.filePath("d2"), "cache/d2", std::nullopt, io);
            QVERIFY(writer.open());
            writer.write(randomBytes(1000));
        }
        QVERIFY(!QFile::exists(dir.filePath("d2")));
        // A finished file stays when its writer goes.
        {
            CacheFileWriter writer(dir.filePath("d3"), "cache/d3", std::nullopt, io);
            QVERIFY(writer.open());
            writer.write(randomBytes(1000));
            QVERIFY(finish(writer).error.ok());
        }
        QVERIFY(QFile::exists(dir.filePath("d3")));
    }

    void writeOnlyAndUnopenable()
    {
        QTemporaryDir dir;
        CacheFileWriter readable(dir.filePath("x"), "cache/x", std::nullopt, io);
        QVERIFY(!readable.open(QIODevice::ReadWrite));
        CacheFileWriter nowhere(dir.filePath("missing/folder/x"), "cache/x", std::nullopt, io);
        QVERIFY(!nowhere.open());
        QVERIFY(!nowhere.errorString().isEmpty());
        const Finished done = finish(nowhere);
        QCOMPARE(done.error.kind, MediaError::Kind::Storage);
    }

    void writesAreQueuedAndReportedAsTheyReachTheDisk()
    {
        QTemporaryDir dir;
        CacheFileWriter writer(dir.filePath("q"), "cache/q", std::nullopt, io);
        QVERIFY(writer.open());
        QSignalSpy written(&writer, &QIODevice::bytesWritten);
        const QByteArray chunk = randomBytes(64 * 1024);
        for (int i = 0; i < 64; ++i)
            QCOMPARE(writer.write(chunk), chunk.size());
        QVERIFY(writer.bytesToWrite() > 0); // queued for the I/O thread, not written by this one
        QTRY_COMPARE(writer.bytesToWrite(), 0);
        qint64 total = 0;
        for (const auto &args : written)
            total += args.at(0).toLongLong();
        QCOMPARE(total, 64 * chunk.size());
        QVERIFY(finish(writer).error.ok());
    }

    void diskFailureSurfacesAsAFailedWriteAndStorage()
    {
        // A file size limit makes the kernel refuse writes past it (EFBIG), as a full disk does (ENOSPC).
        QTemporaryDir dir;
        struct rlimit saved {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto previous = signal(SIGXFSZ, SIG_IGN);
        struct rlimit limited = saved;
        limited.rlim_cur = 256 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
        CacheFileWriter writer(dir.filePath("full"), "cache/full", std::nullopt, io);
        const bool opened = writer.open();
        const QByteArray chunk = randomBytes(64 * 1024);
        for (int i = 0; opened && i < 8; ++i)
            writer.write(chunk);
        const bool drained = QTest::qWaitFor([&] { return writer.bytesToWrite() == 0; }, 5000);
        setrlimit(RLIMIT_FSIZE, &saved);
        signal(SIGXFSZ, previous);
        QVERIFY(opened);
        QVERIFY(drained);
        QTRY_COMPARE(writer.write(chunk), -1);
        QVERIFY(!writer.errorString().isEmpty());
        const Finished done = finish(writer);
        QCOMPARE(done.error.kind, MediaError::Kind::Storage);
        QVERIFY(!QFile::exists(dir.filePath("full")));
    }

    void chunkCost()
    {
        // What a download costs per 64 KiB chunk: on the writer's thread (the GUI thread in the app) a copy into
        // the queue; on the I/O thread AES-CTR and a write to the page cache. Printed for the notes; the
        // assertions only guard against a pathological slowdown, far above what is measured.
        QTemporaryDir dir;
        CacheFileWriter writer(dir.filePath("bench"), "cache/bench", std::nullopt, io);
        QVERIFY(writer.open());
        const QByteArray chunk = randomBytes(64 * 1024);
        constexpr int kChunks = 512; // 32 MiB
        QElapsedTimer total;
        qint64 callerNs = 0, worstNs = 0, callerCpuNs = 0;
        total.start();
        for (int i = 0; i < kChunks; ++i) {
            QElapsedTimer one;
            const qint64 cpu0 = threadCpuNs();
            one.start();
            QCOMPARE(writer.write(chunk), chunk.size());
            const qint64 ns = one.nsecsElapsed();
            callerCpuNs += threadCpuNs() - cpu0;
            callerNs += ns;
            worstNs = qMax(worstNs, ns);
            if (writer.bytesToWrite() > 4 * 1024 * 1024) // hold back as HttpClient does
                QTRY_VERIFY(writer.bytesToWrite() <= 1024 * 1024);
        }
        QTRY_COMPARE(writer.bytesToWrite(), 0);
        const double ioUs = double(total.nsecsElapsed()) / kChunks / 1000.0;
        const double callerUs = double(callerNs) / kChunks / 1000.0;
        const double callerCpuUs = double(callerCpuNs) / kChunks / 1000.0;
        qInfo("64 KiB chunk on the calling thread: %.1f us CPU, %.1f us wall (worst %.1f us, with preemption); "
              "%.1f us per chunk end to end with the I/O thread encrypting and writing",
              callerCpuUs, callerUs, worstNs / 1000.0, ioUs);
        QVERIFY(callerCpuUs < 2000);
        QVERIFY(finish(writer).error.ok());
    }
};

QTEST_GUILESS_MAIN(TestMediaCacheWriter)
#include "test_media_cache_writer.moc"
