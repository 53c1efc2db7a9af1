// Files, photos, videos and sounds between Estafette and an independent client (matrix-nio, with its own
// attachment encryption), against the real Synapse of the test run:
// - nio sends each kind into an encrypted room: Estafette's timeline has the event, MediaContent describes it as
//   sent, MediaDownloader fetches and checks the ciphertext, and the plaintext read back through the decrypting
//   device is the original (SHA-256 equal); the thumbnail is fetched and decodes;
// - Estafette sends each kind (MediaSession::sendAttachments), into a room in the clear and an encrypted one: nio
//   gets the right msgtype and info (thumbnail included) and downloads (and decrypts) identical bytes; a photo
//   carrying GPS arrives without it, still upright.
// Faults (tampered ciphertext, over the limit, server stopped mid-upload): test_media_interop_faults.cpp.
#include "events/event_encryption.h"
#include "events/media_content.h"
#include "media/attachment_stager.h"
#include "media/ctr_decrypting_device.h"
#include "media/image_metadata_stripper.h"
#include "media/media_cache.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/media_session.h"
#include "session/session.h"
#include "support/e2ee_checks.h"
#include "support/media_checks.h"
#include "support/media_inputs.h"
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QJsonArray>
#include <QMimeDatabase>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

qint64 num(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger(-1);
}

// Something a PDF reader would open: the header, a few objects, binary noise, the trailer.
QByteArray pdfLikeBytes(int noiseBytes, quint32 seed)
{
    QByteArray bytes("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                     "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length ");
    bytes += QByteArray::number(noiseBytes) + " >>\nstream\n";
    QByteArray noise(noiseBytes, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    for (char &c : noise)
        c = char(rng.bounded(256));
    bytes += noise + "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    return bytes;
}

// Within a tenth of a second of the 2 s the inputs last (containers round their durations).
bool aboutTwoSeconds(qint64 ms)
{
    return ms >= 1900 && ms <= 2200;
}

} // namespace

class TestMediaInterop : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    std::unique_ptr<NioPeer> &m_peer = m_cast.peer;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_files;
    QString m_encryptedRoom;
    QString m_plainRoom;

    QString input(const QString &name) const { return m_files.filePath(name); }
    MediaSession *media() const { return m_session->media(); }
    QStringList filesUnder(const QString &folder) const { return test::filesUnder(media()->mediaPath(), folder); }

    // Fetches through Estafette's downloader (a thumbnail the server makes when thumbnailSize is valid); the
    // plaintext's SHA-256, read through CtrDecryptingDevice from the encrypted cache, in *sha, the plaintext itself
    // in *bytes when asked for (small files only).
    void fetchAndRead(const MediaContent::Source &source, QByteArray *sha, QByteArray *bytes = nullptr,
                      const QSize &thumbnailSize = {})
    {
        MediaRequest request;
        request.mxcUri = source.url;
        request.encrypted = source.file;
        request.thumbnailSize = thumbnailSize;
        const FetchedMedia fetched = waitFetched(media()->downloader()->fetch(request));
        QVERIFY2(fetched.ok(), qPrintable(QString::fromLatin1(MediaError::kindName(fetched.error.kind)) + u' '
                                          + fetched.error.detail));
        QVERIFY(!fetched.fromCache);
        const StagedFile &file = fetched.entry.file;
        const QString cached = media()->cache()->absolutePath(file.fileName);
        QVERIFY(QFileInfo::exists(cached));
        if (source.isEncrypted()) {
            // Kept as the ciphertext that was checked, under its own key.
            QCOMPARE(sha256OfFile(cached), source.file->sha256);
            QCOMPARE(file.cipher.key, source.file->key);
        }
        CtrDecryptingDevice device(media()->mediaPath(), file);
        QVERIFY(device.open(QIODevice::ReadOnly));
        QVERIFY(device.verifyCiphertext().ok());
        *sha = sha256OfDevice(device);
        QVERIFY(!sha->isEmpty());
        QVERIFY2(sha256OfFile(cached) != *sha, "the plaintext is on disk"); // encrypted at rest, either way
        if (bytes) {
            QVERIFY(device.seek(0));
            *bytes = device.readAll();
        }
        // Asked again: from the cache.
        const FetchedMedia again = waitFetched(media()->downloader()->fetch(request));
        QVERIFY(again.ok());
        QVERIFY(again.fromCache);
        QCOMPARE(again.entry.file.fileName, file.fileName);
    }

    // Our message as the peer got it ({event_id, content, encrypted, decrypted, ...}): decrypted when the room is
    // encrypted (waits for its room key), as it is otherwise.
    QJsonObject peerSees(const QString &roomId, const QString &eventId, const QString &body, bool encrypted)
    {
        if (encrypted) {
            const QJsonObject got = m_peer->waitForDecrypted(roomId, body, m_cast.me.userId);
            return str(got, "event_id") == eventId ? got : QJsonObject();
        }
        const QJsonObject got = m_peer->eventInfo(roomId, eventId);
        return got.value(QStringLiteral("encrypted")).toBool() ? QJsonObject() : got;
    }

    // nio downloads an mxc URI (decrypting it with `file` when it is encrypted) into `outPath`.
    void peerDownloads(const QJsonObject &content, const char *urlKey, const char *fileKey, bool encrypted,
                       const QString &outPath, QJsonObject *answer)
    {
        if (encrypted) {
            const QJsonObject file = obj(content, fileKey);
            QVERIFY2(!file.isEmpty(), fileKey);
            QVERIFY2(!content.contains(QLatin1String(urlKey)), "an encrypted room's event also names the plaintext");
            QCOMPARE(str(file, "v"), QStringLiteral("v2"));
            *answer = m_peer->download(str(file, "url"), file, outPath);
        } else {
            QVERIFY2(!content.contains(QLatin1String(fileKey)), fileKey);
            const QString url = str(content, urlKey);
            QVERIFY2(url.startsWith(QLatin1String("mxc://")), urlKey);
            *answer = m_peer->download(url, {}, outPath);
        }
        QVERIFY2(answer->value(QStringLiteral("ok")).toBool(), qPrintable(str(*answer, "error")));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY(m_files.isValid());
        QVERIFY2(m_cast.setUp(QStringLiteral("mediaio"), QStringLiteral("niomedia"), &error), qPrintable(error));
        m_session = m_account.signIn(m_cast.server, m_cast.me, &error);
        QVERIFY2(m_session, qPrintable(error));
        QVERIFY(media());
        Room *encrypted = m_cast.joinEncryptedRoomFromPeer(*m_session, QStringLiteral("Pièces chiffrées"));
        QVERIFY(encrypted);
        m_encryptedRoom = encrypted->id();
        Room *plain = m_cast.joinRoomFromPeer(*m_session, QStringLiteral("Pièces en clair"));
        QVERIFY(plain);
        QVERIFY(!plain->isEncrypted());
        m_plainRoom = plain->id();

        // What the peer sends: a photo and its thumbnail, a PDF, a WebM video and its poster, an Ogg sound.
        QVERIFY(media_test::asymmetricImage(1024, 768).save(input("chantier.jpg"), "JPEG", 90));
        QVERIFY(media_test::asymmetricImage(320, 240).save(input("chantier-vignette.jpg"), "JPEG", 80));
        QVERIFY(media_test::writeBytes(input("compte-rendu.pdf"), pdfLikeBytes(400 * 1024, 9)));
        QVERIFY(media_test::makeWebmVideo(input("visite.webm"), 2.0, 320, 240, true));
        QVERIFY(media_test::extractFrame(input("visite.webm"), input("visite-affiche.jpg")));
        QVERIFY(media_test::makeSound(input("message-vocal.ogg")));
        // What Estafette sends: a phone photo with GPS, serial and owner (turned: orientation 6), a PDF, an MP4
        // video with sound, a WAV sound.
        QVERIFY2(media_test::writeTaggedJpeg(input("photo-site.jpg"), 640, 480, 6, &error), qPrintable(error));
        QVERIFY(media_test::exiftoolDump(input("photo-site.jpg")).contains(QLatin1String("GPSLatitude")));
        QVERIFY(media_test::writeBytes(input("rapport signé.pdf"), pdfLikeBytes(700 * 1024, 10)));
        QVERIFY(media_test::makeVideo(input("inspection.mp4"), 2.0, 320, 240, true));
        QVERIFY(media_test::makeSound(input("consignes.wav")));
    }

    void peerSends_estafetteVerifiesAndDecrypts_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("msgtype");
        QTest::addColumn<QString>("mimetype");
        QTest::addColumn<QSize>("size");      // announced w/h (invalid: none)
        QTest::addColumn<qint64>("duration"); // announced (-1: none)
        QTest::addColumn<QString>("thumbnail");
        QTest::addColumn<QSize>("thumbnailSize");
        for (const bool encrypted : {true, false}) {
            const char *room = encrypted ? "encrypted" : "plain";
            QTest::addRow("image, %s", room) << encrypted << "chantier.jpg" << "m.image" << "image/jpeg"
                                             << QSize(1024, 768) << qint64(-1) << "chantier-vignette.jpg"
                                             << QSize(320, 240);
            QTest::addRow("file, %s", room) << encrypted << "compte-rendu.pdf" << "m.file" << "application/pdf"
                                            << QSize() << qint64(-1) << QString() << QSize();
            QTest::addRow("video, %s", room) << encrypted << "visite.webm" << "m.video" << "video/webm"
                                             << QSize(320, 240) << qint64(2000) << "visite-affiche.jpg"
                                             << QSize(320, 240);
            QTest::addRow("audio, %s", room) << encrypted << "message-vocal.ogg" << "m.audio" << "audio/ogg"
                                             << QSize() << qint64(2000) << QString() << QSize();
        }
    }

    void peerSends_estafetteVerifiesAndDecrypts()
    {
        QFETCH(bool, encrypted);
        QFETCH(QString, name);
        QFETCH(QString, msgtype);
        QFETCH(QString, mimetype);
        QFETCH(QSize, size);
        QFETCH(qint64, duration);
        QFETCH(QString, thumbnail);
        QFETCH(QSize, thumbnailSize);
        const QString roomId = encrypted ? m_encryptedRoom : m_plainRoom;

        QJsonObject info;
        if (size.isValid())
            info = {{"w", size.width()}, {"h", size.height()}};
        if (duration >= 0)
            info.insert(QStringLiteral("duration"), duration);
        QJsonObject args{{"info", info}};
        if (!thumbnail.isEmpty()) {
            args.insert(QStringLiteral("thumbnail_path"), input(thumbnail));
            args.insert(QStringLiteral("thumbnail_info"),
                        QJsonObject{{"w", thumbnailSize.width()}, {"h", thumbnailSize.height()}});
        }
        const QJsonObject sent = m_peer->sendFile(roomId, input(name), msgtype, mimetype, args);
        QVERIFY(!sent.isEmpty());
        const QString eventId = str(sent, "event_id");
        const QJsonObject sentContent = obj(sent, "content");
        QCOMPARE(sentContent.contains(QLatin1String("file")), encrypted); // nio encrypted it, or not

        Room *room = m_session->rooms()->room(roomId);
        QVERIFY(room);
        QTRY_VERIFY_WITH_TIMEOUT(eventById(*room, eventId).kind() == EventKind::Message, 30000);
        const Event event = eventById(*room, eventId);
        const EncryptionStatus status = encryptionStatus(event);
        QCOMPARE(status.encrypted, encrypted);
        QCOMPARE(status.decrypted, encrypted);

        const MediaContent content = MediaContent::fromEvent(event);
        QVERIFY2(content.isValid(), qPrintable(content.problemDetail()));
        QCOMPARE(content.msgtype(), msgtype);
        QCOMPARE(content.fileName(), name);
        QCOMPARE(content.mimeType(), mimetype);
        QCOMPARE(content.size(), QFileInfo(input(name)).size());
        QCOMPARE(content.dimensions(), size);
        QCOMPARE(content.durationMs(), duration);
        QCOMPARE(content.source().isEncrypted(), encrypted);
        QCOMPARE(content.source().url, encrypted ? str(obj(sentContent, "file"), "url") : str(sentContent, "url"));

        QByteArray sha;
        fetchAndRead(content.source(), &sha);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(sha.toHex(), sha256OfFile(input(name)).toHex());

        QCOMPARE(content.hasThumbnail(), !thumbnail.isEmpty());
        if (thumbnail.isEmpty())
            return;
        const MediaContent::Thumbnail &thumb = content.thumbnail();
        QCOMPARE(thumb.source.isEncrypted(), encrypted);
        QCOMPARE(thumb.size, thumbnailSize);
        QCOMPARE(thumb.mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(thumb.bytes, QFileInfo(input(thumbnail)).size());
        QByteArray thumbSha, thumbBytes;
        fetchAndRead(thumb.source, &thumbSha, &thumbBytes);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(thumbSha, sha256OfFile(input(thumbnail)));
        const QImage picture = QImage::fromData(thumbBytes);
        QVERIFY(!picture.isNull());
        QCOMPARE(picture.size(), thumbnailSize);

        if (encrypted || msgtype != QLatin1String("m.image"))
            return;
        // A picture in the clear can also be shown from a thumbnail the server makes of it.
        QByteArray scaledSha, scaledBytes;
        fetchAndRead(content.source(), &scaledSha, &scaledBytes, QSize(400, 300));
        if (QTest::currentTestFailed())
            return;
        const QImage scaled = QImage::fromData(scaledBytes);
        QVERIFY(!scaled.isNull());
        QVERIFY(scaled.width() < size.width() && scaled.width() >= 400);
        QVERIFY(qAbs(double(scaled.width()) / scaled.height() - double(size.width()) / size.height()) < 0.02);
    }

    void estafetteSends_peerDownloadsIdentical_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<QString>("msgtype");
        QTest::addColumn<QSize>("size");     // as displayed (invalid: none announced)
        QTest::addColumn<bool>("timed");     // duration announced
        QTest::addColumn<bool>("thumbnail"); // a thumbnail announced
        QTest::addColumn<QString>("caption");
        QTest::addColumn<bool>("sendAsFile");
        for (const bool encrypted : {false, true}) {
            const char *room = encrypted ? "encrypted" : "plain";
            // The photo was taken turned (orientation 6): 640x480 stored, 480x640 as seen.
            QTest::addRow("image, %s", room) << "photo-site.jpg" << encrypted << "m.image" << QSize(480, 640)
                                             << false << true << QString() << false;
            QTest::addRow("file, %s", room) << "rapport signé.pdf" << encrypted << "m.file" << QSize() << false
                                            << false << QString() << false;
            QTest::addRow("video, %s", room) << "inspection.mp4" << encrypted << "m.video" << QSize(320, 240)
                                             << true << true << QString() << false;
            QTest::addRow("audio, %s", room) << "consignes.wav" << encrypted << "m.audio" << QSize() << true
                                             << false << QString() << false;
        }
        QTest::newRow("file with a caption, encrypted")
            << "rapport signé.pdf" << true << "m.file" << QSize() << false << false
            << "Le rapport signé, pour validation" << false;
        // "Send as file": the original bytes, untouched (its metadata too: that is what the person chose).
        QTest::newRow("image sent as file, plain")
            << "photo-site.jpg" << false << "m.file" << QSize() << false << false << QString() << true;
    }

    void estafetteSends_peerDownloadsIdentical()
    {
        QFETCH(QString, name);
        QFETCH(bool, encrypted);
        QFETCH(QString, msgtype);
        QFETCH(QSize, size);
        QFETCH(bool, timed);
        QFETCH(bool, thumbnail);
        QFETCH(QString, caption);
        QFETCH(bool, sendAsFile);
        const QString roomId = encrypted ? m_encryptedRoom : m_plainRoom;
        const QString path = input(name);
        const bool isImage = msgtype == QLatin1String("m.image");

        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy refused(media(), &MediaSession::attachmentRefused);
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        AttachmentSource source;
        source.path = path;
        source.sendAsFile = sendAsFile;
        media()->sendAttachments(roomId, {source}, caption);
        QTRY_VERIFY_WITH_TIMEOUT(!accepted.isEmpty() || !refused.isEmpty(), 60000);
        QVERIFY2(refused.isEmpty(), qPrintable(refused.value(0).value(2).toString()));
        const QString txnId = accepted.first().at(1).toString();
        QTRY_VERIFY_WITH_TIMEOUT(!sent.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(sent.first().at(1).toString(), txnId);
        const QString eventId = sent.first().at(2).toString();
        // Once sent, the staged copy goes.
        QTRY_COMPARE(filesUnder(QLatin1String(AttachmentStager::StagingFolder)), QStringList());

        const QString body = caption.isEmpty() ? name : caption;
        const QJsonObject seen = peerSees(roomId, eventId, body, encrypted);
        QVERIFY2(!seen.isEmpty(), "the peer did not get the event as expected");
        // nio understood it as what it is.
        QVERIFY(!seen.value(QStringLiteral("bad")).toBool());
        const QString kind = msgtype.mid(2, 1).toUpper() + msgtype.mid(3); // m.image -> Image
        const QString family = encrypted ? QStringLiteral("RoomEncrypted") : QStringLiteral("RoomMessage");
        QCOMPARE(str(seen, "nio_class"), family + kind);
        const QJsonObject content = obj(seen, "content");
        QCOMPARE(str(content, "msgtype"), msgtype);
        QCOMPARE(str(content, "body"), body);
        QCOMPARE(str(content, "filename"), name);
        const QJsonObject info = obj(content, "info");
        QCOMPARE(str(info, "mimetype"), QMimeDatabase().mimeTypeForFile(path).name());
        if (size.isValid()) {
            QCOMPARE(num(info, "w"), qint64(size.width()));
            QCOMPARE(num(info, "h"), qint64(size.height()));
        } else {
            QVERIFY(!info.contains(QLatin1String("w")) && !info.contains(QLatin1String("h")));
        }
        if (timed)
            QVERIFY2(aboutTwoSeconds(num(info, "duration")), qPrintable(QString::number(num(info, "duration"))));
        else
            QVERIFY(!info.contains(QLatin1String("duration")));

        // Our own timeline has the server's event, naming the same file.
        Room *room = m_session->rooms()->room(roomId);
        QVERIFY(room);
        QTRY_VERIFY_WITH_TIMEOUT(eventById(*room, eventId).kind() == EventKind::Message, 30000);
        const MediaContent ours = MediaContent::fromEvent(eventById(*room, eventId));
        QVERIFY2(ours.isValid(), qPrintable(ours.problemDetail()));
        QCOMPARE(ours.source().url, encrypted ? str(obj(content, "file"), "url") : str(content, "url"));

        // The file, downloaded (and decrypted) by nio.
        const QString received = input(QStringLiteral("reçu-") + QTest::currentDataTag() + u'-' + name);
        QJsonObject download;
        peerDownloads(content, "url", "file", encrypted, received, &download);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(num(download, "size"), num(info, "size"));
        if (!isImage) {
            QCOMPARE(num(info, "size"), QFileInfo(path).size());
            QCOMPARE(str(download, "sha256"), QString::fromLatin1(sha256OfFile(path).toHex()));
        } else {
            // Stripped of what identifies the place and the camera, still upright, the same picture.
            const QString tags = media_test::exiftoolDump(received);
            QVERIFY2(!tags.contains(QLatin1String("GPS")), qPrintable(tags));
            QVERIFY2(!tags.contains(QLatin1String("SerialNumber")), qPrintable(tags));
            QVERIFY2(!tags.contains(QLatin1String("Jeanne")), qPrintable(tags));
            QVERIFY2(!tags.contains(QLatin1String("Paris")), qPrintable(tags));
            QVERIFY2(tags.contains(QRegularExpression(QStringLiteral("Orientation\\s*:\\s*6\\b"))), qPrintable(tags));
            QImageReader reader(received);
            reader.setAutoTransform(true);
            const QImage picture = reader.read();
            QCOMPARE(picture.size(), size);
            // Exactly the original's bytes with that metadata taken out: the picture is not re-encoded.
            QByteArray stripped;
            QVERIFY(ImageMetadataStripper::strip(media_test::readBytes(path), &stripped).ok());
            QVERIFY(stripped.size() < QFileInfo(path).size());
            QCOMPARE(str(download, "sha256"),
                     QString::fromLatin1(QCryptographicHash::hash(stripped, QCryptographicHash::Sha256).toHex()));
        }

        // Its thumbnail, announced with its own info and downloadable.
        QCOMPARE(info.contains(QLatin1String("thumbnail_info")), thumbnail);
        if (!thumbnail) {
            QVERIFY(!info.contains(QLatin1String("thumbnail_url")) && !info.contains(QLatin1String("thumbnail_file")));
            return;
        }
        const QJsonObject thumbInfo = obj(info, "thumbnail_info");
        QVERIFY(str(thumbInfo, "mimetype").startsWith(QLatin1String("image/")));
        const QString thumbPath = received + QStringLiteral(".vignette");
        QJsonObject thumbDownload;
        peerDownloads(info, "thumbnail_url", "thumbnail_file", encrypted, thumbPath, &thumbDownload);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(num(thumbDownload, "size"), num(thumbInfo, "size"));
        const QImage picture(thumbPath);
        QVERIFY(!picture.isNull());
        QCOMPARE(picture.width(), int(num(thumbInfo, "w")));
        QCOMPARE(picture.height(), int(num(thumbInfo, "h")));
        // Upright and in proportion with what it stands for.
        QVERIFY(qAbs(double(picture.width()) / picture.height() - double(size.width()) / size.height()) < 0.02);
    }

    void severalFilesAndAPastedImage_inOrder_captionAfter()
    {
        // A pasted picture (PNG bytes, no file) and a document, with one caption: the files in the order given,
        // then the caption as a message of its own.
        QByteArray png;
        {
            QBuffer buffer(&png);
            QVERIFY(buffer.open(QIODevice::WriteOnly));
            QVERIFY(media_test::asymmetricImage(300, 200).save(&buffer, "PNG"));
        }
        QVERIFY(QFile::copy(input(QStringLiteral("rapport signé.pdf")), input(QStringLiteral("annexe.pdf"))));
        AttachmentSource pasted;
        pasted.imageData = png;
        AttachmentSource document;
        document.path = input(QStringLiteral("annexe.pdf"));
        const QString caption = QStringLiteral("Deux pièces pour le dossier");
        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        media()->sendAttachments(m_encryptedRoom, {pasted, document}, caption);
        QTRY_COMPARE_WITH_TIMEOUT(sent.size(), 3, 60000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(accepted.size(), 2);

        const QJsonObject text = m_peer->waitForDecrypted(m_encryptedRoom, caption, m_cast.me.userId);
        QVERIFY(!text.isEmpty());
        QCOMPARE(str(obj(text, "content"), "msgtype"), QStringLiteral("m.text"));
        const QString me = m_cast.me.userId;
        const QJsonObject image = m_peer->waitForDecrypted(m_encryptedRoom, QStringLiteral("image.png"), me);
        const QJsonObject pdf = m_peer->waitForDecrypted(m_encryptedRoom, QStringLiteral("annexe.pdf"), me);
        QVERIFY(!image.isEmpty() && !pdf.isEmpty());
        QStringList order;
        for (const auto &m : m_peer->messages(m_encryptedRoom)) {
            const QString id = str(m.toObject(), "event_id");
            if (id == str(image, "event_id") || id == str(pdf, "event_id") || id == str(text, "event_id"))
                order << str(m.toObject(), "body");
        }
        QCOMPARE(order, QStringList({QStringLiteral("image.png"), QStringLiteral("annexe.pdf"), caption}));

        const QJsonObject content = obj(image, "content");
        QCOMPARE(str(content, "msgtype"), QStringLiteral("m.image"));
        QCOMPARE(str(obj(content, "info"), "mimetype"), QStringLiteral("image/png"));
        QCOMPARE(num(obj(content, "info"), "w"), qint64(300));
        QCOMPARE(num(obj(content, "info"), "h"), qint64(200));
        const QString received = input(QStringLiteral("reçu-collé.png"));
        QJsonObject download;
        peerDownloads(content, "url", "file", true, received, &download);
        if (QTest::currentTestFailed())
            return;
        const QImage picture(received);
        QCOMPARE(picture.size(), QSize(300, 200));
        QCOMPARE(picture.pixelColor(10, 150), media_test::asymmetricImage(300, 200).pixelColor(10, 150));
        QCOMPARE(str(obj(pdf, "content"), "msgtype"), QStringLiteral("m.file"));
    }

    void cleanupTestCase()
    {
        m_session.reset();
        m_peer.reset();
    }
};

QTEST_MAIN(TestMediaInterop)
#include "test_media_interop.moc"
