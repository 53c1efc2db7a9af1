#include "media/attachment_stager.h"
#include "media/ctr_decrypting_device.h"

#include "support/media_inputs.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QImageReader>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <sys/resource.h>

using estafette::AttachmentSource;
using estafette::AttachmentStager;
using estafette::CtrDecryptingDevice;
using estafette::OutgoingAttachment;
using estafette::StagedFile;
using estafette::StagingError;
using estafette::StagingResult;

namespace {

qint64 peakResidentKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

QByteArray sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

// A file of pseudo-random bytes written a MiB at a time (the test itself holds no more than that).
bool writeLargeFile(const QString &path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QRandomGenerator rng(17);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (qint64 written = 0; written < size; written += chunk.size()) {
        auto *words = reinterpret_cast<quint32 *>(chunk.data());
        rng.fillRange(words, chunk.size() / 4);
        const qint64 n = std::min<qint64>(chunk.size(), size - written);
        if (file.write(chunk.constData(), n) != n)
            return false;
    }
    return true;
}

QByteArray encode(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

} // namespace

class TestMediaAttachmentStager : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_media = m_dir.filePath(QStringLiteral("account/media"));
    }

    void cleanup()
    {
        // Every test leaves the staging folder as it found it, except for what it staged on purpose.
        for (const OutgoingAttachment &a : std::as_const(m_toDiscard))
            AttachmentStager::discard(m_media, a);
        m_toDiscard.clear();
    }

    // First, while the process is small: a 64 MiB file is streamed, never held whole in memory, and the calling
    // thread's event loop keeps running meanwhile.
    void aLargeFileIsStreamedOffTheCallingThread()
    {
        const QString path = m_dir.filePath(QStringLiteral("large.bin"));
        const qint64 size = qint64(64) << 20;
        QVERIFY(writeLargeFile(path, size));
        const qint64 peakBefore = peakResidentKiB();

        AttachmentStager stager(m_media);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(10);
        QFuture<StagingResult> future = stager.stage(AttachmentSource{path, {}, {}, false});
        QVERIFY(!future.isFinished()); // stage() returned at once
        const StagingResult result = wait(future, 120000);
        QVERIFY2(result.ok(), qPrintable(result.error.detail));
        QVERIFY2(ticks > 5, qPrintable(QString::number(ticks)));

        const qint64 growthMiB = (peakResidentKiB() - peakBefore) / 1024;
        QVERIFY2(growthMiB < 24, qPrintable(QStringLiteral("peak memory grew by %1 MiB").arg(growthMiB)));

        const OutgoingAttachment &a = result.attachment;
        QCOMPARE(a.msgtype, QStringLiteral("m.file"));
        QCOMPARE(a.fileName, QStringLiteral("large.bin"));
        QCOMPARE(a.file.size, size);
        QVERIFY(!a.hasThumbnail());
        QCOMPARE(decryptedSha256(a.file), sha256OfFile(path));
        QVERIFY(verified(a.file));
        // The staged copy is not the plaintext.
        QVERIFY(sha256OfFile(QDir(m_media).filePath(a.file.fileName)) != sha256OfFile(path));
    }

    // The case the issue is about: a phone photo goes out without where it was taken, still upright.
    void aPhotoIsStrippedDescribedAndThumbnailed()
    {
        const QString path = m_dir.filePath(QStringLiteral("site.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(path, 1200, 800, 6));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}, QStringLiteral("The north wall")));
        QVERIFY2(result.ok(), qPrintable(result.error.detail));
        const OutgoingAttachment &a = result.attachment;
        QCOMPARE(a.msgtype, QStringLiteral("m.image"));
        QCOMPARE(a.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(a.fileName, QStringLiteral("site.jpg"));
        QCOMPARE(a.caption, QStringLiteral("The north wall"));
        QCOMPARE(QSize(a.width, a.height), QSize(800, 1200)); // as displayed
        QVERIFY(a.file.fileName.startsWith(QLatin1String("staging/")));
        QVERIFY(verified(a.file));

        const QByteArray sent = decrypted(a.file);
        QCOMPARE(sent.size(), a.file.size);
        QVERIFY(sent.size() < QFileInfo(path).size());
        const QString sentPath = m_dir.filePath(QStringLiteral("site-as-sent.jpg"));
        QVERIFY(media_test::writeBytes(sentPath, sent));
        const QString dump = media_test::exiftoolDump(sentPath);
        for (const char *leak : {"GPS", "SerialNumber", "OwnerName", "Artist", "Jeanne", "EstafetteCam"})
            QVERIFY2(!dump.contains(QLatin1String(leak)), leak);
        QVERIFY(dump.contains(QLatin1String("Orientation                     : 6")));

        QVERIFY(a.hasThumbnail());
        QCOMPARE(a.thumbnailMimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(QSize(a.thumbnailWidth, a.thumbnailHeight), QSize(400, 600));
        QVERIFY(verified(a.thumbnail));
        QImage thumbnail;
        QVERIFY(thumbnail.loadFromData(decrypted(a.thumbnail)));
        QCOMPARE(thumbnail.size(), QSize(400, 600));

        // Nothing under the media folder is readable: no file holds the start of what will be sent.
        QVERIFY(!anyFileContains(sent.left(64)));
        QVERIFY(!anyFileContains(decrypted(a.thumbnail).left(64)));
        m_toDiscard << a;
    }

    void sendAsFileKeepsTheOriginalBytes()
    {
        const QString path = m_dir.filePath(QStringLiteral("original.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(path, 300, 200, 1));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, true}));
        QVERIFY(result.ok());
        QCOMPARE(result.attachment.msgtype, QStringLiteral("m.file"));
        QCOMPARE(result.attachment.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(decrypted(result.attachment.file), media_test::readBytes(path)); // untouched, as asked
        QVERIFY(!result.attachment.hasThumbnail());
        m_toDiscard << result.attachment;
    }

    void aPastedImage()
    {
        const QByteArray png = encode(media_test::asymmetricImage(1000, 500, true), "PNG");
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{{}, png, {}, false}));
        QVERIFY(result.ok());
        const OutgoingAttachment &a = result.attachment;
        QCOMPARE(a.msgtype, QStringLiteral("m.image"));
        QCOMPARE(a.fileName, QStringLiteral("image.png"));
        QCOMPARE(a.mimeType, QStringLiteral("image/png"));
        QCOMPARE(QSize(a.width, a.height), QSize(1000, 500));
        QCOMPARE(a.thumbnailMimeType, QStringLiteral("image/png")); // it has transparency
        QCOMPARE(QSize(a.thumbnailWidth, a.thumbnailHeight), QSize(800, 400));
        QImage sent;
        QVERIFY(sent.loadFromData(decrypted(a.file)));
        QCOMPARE(sent.size(), QSize(1000, 500));
        m_toDiscard << a;
    }

    void aDocumentIsAFileWithItsBytesUnchanged()
    {
        const QString path = m_dir.filePath(QStringLiteral("minutes.pdf"));
        const QByteArray pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
        QVERIFY(media_test::writeBytes(path, pdf));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, QStringLiteral("Minutes 12 March.pdf"), false}));
        QVERIFY(result.ok());
        QCOMPARE(result.attachment.msgtype, QStringLiteral("m.file"));
        QCOMPARE(result.attachment.mimeType, QStringLiteral("application/pdf"));
        QCOMPARE(result.attachment.fileName, QStringLiteral("Minutes 12 March.pdf"));
        QCOMPARE(decrypted(result.attachment.file), pdf);
        m_toDiscard << result.attachment;
    }

    void aVideoGetsDurationSizeAndPoster()
    {
        const QString path = m_dir.filePath(QStringLiteral("visit.mp4"));
        QVERIFY(media_test::makeVideo(path, 2.0, 320, 240));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY2(result.ok(), qPrintable(result.error.detail));
        const OutgoingAttachment &a = result.attachment;
        QCOMPARE(a.msgtype, QStringLiteral("m.video"));
        QCOMPARE(a.mimeType, QStringLiteral("video/mp4"));
        QVERIFY2(std::abs(a.durationMs - 2000) <= 100, qPrintable(QString::number(a.durationMs)));
        QCOMPARE(QSize(a.width, a.height), QSize(320, 240));
        QCOMPARE(decrypted(a.file), media_test::readBytes(path));
        QVERIFY(a.hasThumbnail());
        QCOMPARE(QSize(a.thumbnailWidth, a.thumbnailHeight), QSize(320, 240));
        QImage poster;
        QVERIFY(poster.loadFromData(decrypted(a.thumbnail)));
        QCOMPARE(poster.size(), QSize(320, 240));
        m_toDiscard << a;
    }

    void aSoundGetsItsDuration()
    {
        const QString path = m_dir.filePath(QStringLiteral("memo.wav"));
        QVERIFY(media_test::makeSound(path, 2.0));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY(result.ok());
        QCOMPARE(result.attachment.msgtype, QStringLiteral("m.audio"));
        QVERIFY(result.attachment.mimeType.startsWith(QLatin1String("audio/")));
        QVERIFY2(std::abs(result.attachment.durationMs - 2000) <= 100,
                 qPrintable(QString::number(result.attachment.durationMs)));
        QVERIFY(!result.attachment.hasThumbnail());
        m_toDiscard << result.attachment;
    }

    // A video the media framework cannot read still goes, as a video without what could not be known.
    void anUnreadableVideoIsStillSent()
    {
        const QString path = m_dir.filePath(QStringLiteral("broken.mp4"));
        QByteArray mp4 = media_test::readBytes(m_dir.filePath(QStringLiteral("visit.mp4")));
        if (mp4.isEmpty()) {
            QVERIFY(media_test::makeVideo(m_dir.filePath(QStringLiteral("visit.mp4")), 2.0, 320, 240));
            mp4 = media_test::readBytes(m_dir.filePath(QStringLiteral("visit.mp4")));
        }
        QVERIFY(media_test::writeBytes(path, mp4.left(64) + QByteArray(50'000, '\x07')));
        AttachmentStager stager(m_media);
        stager.setVideoProbeTimeout(3000);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY(result.ok());
        QCOMPARE(result.attachment.msgtype, QStringLiteral("m.video"));
        QVERIFY(!result.attachment.hasThumbnail());
        m_toDiscard << result.attachment;
    }

    void imagesThatCannotBeShownAreFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("mime");
        const QByteArray jpeg = encode(media_test::asymmetricImage(64, 64), "JPEG");
        QTest::newRow("svg") << "logo.svg"
                             << QByteArray("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                           "width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n")
                             << "image/svg+xml";
        QTest::newRow("bmp") << "scan.bmp" << encode(media_test::asymmetricImage(30, 20), "BMP") << "image/bmp";
        QByteArray undecodable = jpeg.left(300);
        undecodable.append(QByteArray(2000, '\0'));
        QTest::newRow("a jpeg that does not decode") << "broken.jpg" << undecodable << "image/jpeg";
    }

    void imagesThatCannotBeShownAreFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, mime);
        const QString path = m_dir.filePath(name);
        QVERIFY(media_test::writeBytes(path, bytes));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY(result.ok());
        QCOMPARE(result.attachment.msgtype, QStringLiteral("m.file"));
        QCOMPARE(result.attachment.mimeType, mime);
        QVERIFY(!result.attachment.hasThumbnail());
        m_toDiscard << result.attachment;
    }

    // A JPEG the stripper cannot walk (junk between segments) but libjpeg still decodes: its pixels are
    // re-encoded, so the GPS cannot leave with it either.
    void aMalformedPhotoIsReencodedWithoutItsMetadata()
    {
        const QString tagged = m_dir.filePath(QStringLiteral("junk.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(tagged, 200, 100, 6));
        QByteArray bytes = media_test::readBytes(tagged);
        QVERIFY(bytes.startsWith(QByteArray("\xff\xd8\xff\xe0", 4)));
        const int app0End = 4 + ((uchar(bytes[4]) << 8) | uchar(bytes[5]));
        bytes.insert(app0End, QByteArray("\x01\x02\x03", 3)); // extraneous bytes before the next marker
        QVERIFY(media_test::writeBytes(tagged, bytes));
        QImage decodes;
        QVERIFY(decodes.loadFromData(bytes)); // the test input is what it claims

        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{tagged, {}, {}, false}));
        QVERIFY(result.ok());
        const OutgoingAttachment &a = result.attachment;
        QCOMPARE(a.msgtype, QStringLiteral("m.image"));
        QCOMPARE(a.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(QSize(a.width, a.height), QSize(100, 200)); // upright: the orientation is in the pixels now
        const QString sentPath = m_dir.filePath(QStringLiteral("junk-as-sent.jpg"));
        QVERIFY(media_test::writeBytes(sentPath, decrypted(a.file)));
        const QString dump = media_test::exiftoolDump(sentPath);
        QVERIFY2(!dump.contains(QLatin1String("GPS")) && !dump.contains(QLatin1String("Jeanne"))
                     && !dump.contains(QLatin1String("Orientation")),
                 qPrintable(dump));
        m_toDiscard << a;
    }

    void theServerLimitIsCheckedBeforeAnythingIsStaged()
    {
        const QString path = m_dir.filePath(QStringLiteral("plan.pdf"));
        QVERIFY(media_test::writeBytes(path, QByteArray("%PDF-1.4\n") + QByteArray(2'500'000, 'x')));
        const QStringList before = stagedFiles();
        AttachmentStager stager(m_media);
        stager.setUploadLimit(1'000'000);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QCOMPARE(result.error.kind, StagingError::Kind::TooLarge);
        QCOMPARE(result.error.size, qint64(2'500'009));
        QCOMPARE(result.error.limit, qint64(1'000'000));
        QCOMPARE(result.error.fileName, QStringLiteral("plan.pdf"));
        const QString message = result.error.message();
        QVERIFY2(message.contains(QLatin1String("plan.pdf")), qPrintable(message));
        QVERIFY2(message.contains(QLocale().formattedDataSize(2'500'009, 1, QLocale::DataSizeSIFormat)),
                 qPrintable(message));
        QVERIFY2(message.contains(QLocale().formattedDataSize(1'000'000, 1, QLocale::DataSizeSIFormat)),
                 qPrintable(message));
        QCOMPARE(stagedFiles(), before);

        stager.setUploadLimit(3'000'000); // under the limit: fine
        const StagingResult fits = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY(fits.ok());
        m_toDiscard << fits.attachment;
    }

    void unusableSourcesAreErrorsWithASentence_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::newRow("missing") << "gone.pdf" << int(StagingError::Kind::Unreadable);
        QTest::newRow("a folder") << "folder" << int(StagingError::Kind::Unreadable);
        QTest::newRow("empty") << "empty.txt" << int(StagingError::Kind::Empty);
        QTest::newRow("nothing at all") << "" << int(StagingError::Kind::Unreadable);
    }

    void unusableSourcesAreErrorsWithASentence()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("folder")));
        QVERIFY(media_test::writeBytes(m_dir.filePath(QStringLiteral("empty.txt")), {}));
        const QStringList before = stagedFiles();
        AttachmentStager stager(m_media);
        const AttachmentSource source{name.isEmpty() ? QString() : m_dir.filePath(name), {}, {}, false};
        const StagingResult result = wait(stager.stage(source));
        QCOMPARE(int(result.error.kind), kind);
        QVERIFY(!result.error.message().isEmpty());
        if (!name.isEmpty())
            QVERIFY2(result.error.message().contains(name), qPrintable(result.error.message()));
        QCOMPARE(stagedFiles(), before);
    }

    void cancellingRemovesWhatWasStaged()
    {
        const QString path = m_dir.filePath(QStringLiteral("cancel.bin"));
        QVERIFY(writeLargeFile(path, qint64(48) << 20));
        const QStringList before = stagedFiles();
        AttachmentStager stager(m_media);
        QFuture<StagingResult> future = stager.stage(AttachmentSource{path, {}, {}, false});
        QTest::qWait(20);
        future.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 60000);
        QVERIFY(future.isCanceled());
        QThreadPool::globalInstance()->waitForDone(60000);
        QCOMPARE(stagedFiles(), before);
    }

    void destroyingTheStagerCancelsItsWork()
    {
        const QString path = m_dir.filePath(QStringLiteral("abandoned.bin"));
        QVERIFY(writeLargeFile(path, qint64(48) << 20));
        const QString video = m_dir.filePath(QStringLiteral("abandoned.mp4"));
        QVERIFY(media_test::makeVideo(video, 1.0, 160, 120));
        const QStringList before = stagedFiles();
        QFuture<StagingResult> file;
        QFuture<StagingResult> clip;
        {
            AttachmentStager stager(m_media);
            file = stager.stage(AttachmentSource{path, {}, {}, false});
            clip = stager.stage(AttachmentSource{video, {}, {}, false});
            QTest::qWait(30);
        }
        QTRY_VERIFY_WITH_TIMEOUT(file.isFinished() && clip.isFinished(), 60000);
        QThreadPool::globalInstance()->waitForDone(60000);
        QCoreApplication::processEvents();
        QVERIFY(file.isCanceled());
        QVERIFY(clip.isCanceled());
        QCOMPARE(stagedFiles(), before);
    }

    void severalAtOnce()
    {
        AttachmentStager stager(m_media);
        QList<QFuture<StagingResult>> futures;
        QList<QByteArray> contents;
        for (int i = 0; i < 6; ++i) {
            const QString path = m_dir.filePath(QStringLiteral("note-%1.txt").arg(i));
            contents << QByteArray("note number ").append(QByteArray::number(i)).repeated(1000 * (i + 1));
            QVERIFY(media_test::writeBytes(path, contents.last()));
            futures << stager.stage(AttachmentSource{path, {}, {}, false});
        }
        QSet<QString> names;
        for (int i = 0; i < futures.size(); ++i) {
            const StagingResult result = wait(futures[i]);
            QVERIFY(result.ok());
            QCOMPARE(decrypted(result.attachment.file), contents[i]);
            names.insert(result.attachment.file.fileName);
            m_toDiscard << result.attachment;
        }
        QCOMPARE(names.size(), 6);
    }

    void discardRemovesBothFilesAndNothingElse()
    {
        const QString path = m_dir.filePath(QStringLiteral("discard.jpg"));
        QVERIFY(media_test::writeTaggedJpeg(path, 100, 100, 1));
        AttachmentStager stager(m_media);
        const StagingResult result = wait(stager.stage(AttachmentSource{path, {}, {}, false}));
        QVERIFY(result.ok() && result.attachment.hasThumbnail());
        const QString file = QDir(m_media).filePath(result.attachment.file.fileName);
        const QString thumbnail = QDir(m_media).filePath(result.attachment.thumbnail.fileName);
        QVERIFY(QFile::exists(file) && QFile::exists(thumbnail));
        OutgoingAttachment escaping;
        escaping.file.fileName = QStringLiteral("../../discard.jpg");
        AttachmentStager::discard(m_media, escaping);
        QVERIFY(QFile::exists(path));
        AttachmentStager::discard(m_media, result.attachment);
        QVERIFY(!QFile::exists(file) && !QFile::exists(thumbnail));
    }

private:
    StagingResult wait(QFuture<StagingResult> future, int timeoutMs = 30000)
    {
        // The video probe runs on this thread: keep its event loop turning.
        QElapsedTimer timer;
        timer.start();
        while (!future.isFinished() && timer.elapsed() < timeoutMs)
            QTest::qWait(10);
        if (!future.isFinished() || future.isCanceled() || future.resultCount() != 1) {
            StagingResult none;
            none.error.kind = StagingError::Kind::Cancelled;
            none.error.detail = QStringLiteral("no result");
            return none;
        }
        return future.result();
    }

    QByteArray decrypted(const StagedFile &file) const
    {
        CtrDecryptingDevice device(m_media, file);
        return device.open(QIODevice::ReadOnly) ? device.readAll() : QByteArray();
    }

    QByteArray decryptedSha256(const StagedFile &file) const
    {
        CtrDecryptingDevice device(m_media, file);
        if (!device.open(QIODevice::ReadOnly))
            return {};
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&device);
        return hash.result();
    }

    bool verified(const StagedFile &file) const
    {
        CtrDecryptingDevice device(m_media, file);
        return device.verifyCiphertext().ok();
    }

    QStringList stagedFiles() const
    {
        QStringList files;
        QDirIterator it(m_media, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        return files;
    }

    bool anyFileContains(const QByteArray &needle) const
    {
        for (const QString &path : stagedFiles()) {
            if (media_test::readBytes(path).contains(needle))
                return true;
        }
        return false;
    }

    QTemporaryDir m_dir;
    QString m_media;
    QList<OutgoingAttachment> m_toDiscard;
};

QTEST_MAIN(TestMediaAttachmentStager)
#include "test_media_attachment_stager.moc"
