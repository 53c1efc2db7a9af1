// Media faults between Estafette and matrix-nio, against the real Synapse of the test run:
// - a ciphertext whose SHA-256 is not the announced one (nio's tamper_hash) is refused by the downloader with a
//   hash mismatch, and nothing of it is cached;
// - a file over the server's limit (max_upload_size 50M in synapse_overrides.yaml) is refused with a sentence
//   giving both sizes before anything is staged or uploaded (with the server unreachable at start:
//   test_media_interop_offline.cpp);
// - Synapse stopped in the middle of an upload: the file is sent exactly once after it is back.
#include "events/media_content.h"
#include "media/attachment_stager.h"
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
#include "support/peer_scenario.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"

#include <QFileInfo>
#include <QJsonArray>
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

} // namespace

class TestMediaInteropFaults : public QObject {
    Q_OBJECT
    PeerScenario m_cast;
    std::unique_ptr<NioPeer> &m_peer = m_cast.peer;
    TestUser m_admin;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_files;
    QString m_encryptedRoom;
    QString m_plainRoom;

    QString input(const QString &name) const { return m_files.filePath(name); }
    MediaSession *media() const { return m_session->media(); }
    QStringList filesUnder(const QString &folder) const { return test::filesUnder(media()->mediaPath(), folder); }
    int ourUploads()
    {
        QString error;
        const int count = uploadedMediaCount(m_cast.server, m_admin, m_cast.me.userId, &error);
        if (count < 0)
            qWarning("admin media list: %s", qPrintable(error));
        return count;
    }
    int peerCount(const QString &roomId, const QString &body)
    {
        int n = 0;
        for (const auto &m : m_peer->messages(roomId))
            n += str(m.toObject(), "body") == body ? 1 : 0;
        return n;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY(m_files.isValid());
        QVERIFY2(m_cast.setUp(QStringLiteral("mediafault"), QStringLiteral("niofault"), &error), qPrintable(error));
        auto admin = registerUser(m_cast.server, QStringLiteral("mediaadmin"), true, &error);
        QVERIFY2(admin, qPrintable(error));
        m_admin = *admin;
        m_session = m_account.signIn(m_cast.server, m_cast.me, &error);
        QVERIFY2(m_session, qPrintable(error));
        QVERIFY(media());
        Room *encrypted = m_cast.joinEncryptedRoomFromPeer(*m_session, QStringLiteral("Pannes chiffrées"));
        QVERIFY(encrypted);
        m_encryptedRoom = encrypted->id();
        Room *plain = m_cast.joinRoomFromPeer(*m_session, QStringLiteral("Pannes en clair"));
        QVERIFY(plain);
        m_plainRoom = plain->id();
    }

    void tamperedCiphertextIsRefusedAndNotCached()
    {
        const QString path = input(QStringLiteral("falsifié.pdf"));
        QVERIFY(writeRandomFile(path, 300 * 1024, 21));
        const QJsonObject sent = m_peer->sendFile(m_encryptedRoom, path, QStringLiteral("m.file"),
                                                  QStringLiteral("application/pdf"), {{"tamper_hash", true}});
        QVERIFY(!sent.isEmpty());
        const QString eventId = str(sent, "event_id");
        // nio itself refuses it: the announced hash is really not the ciphertext's.
        const QJsonObject file =
            sent.value(QStringLiteral("content")).toObject().value(QStringLiteral("file")).toObject();
        const QJsonObject peerTry = m_peer->download(str(file, "url"), file);
        QVERIFY(!peerTry.value(QStringLiteral("ok")).toBool());

        Room *room = m_session->rooms()->room(m_encryptedRoom);
        QVERIFY(room);
        QTRY_VERIFY_WITH_TIMEOUT(eventById(*room, eventId).kind() == EventKind::Message, 30000);
        const MediaContent content = MediaContent::fromEvent(eventById(*room, eventId));
        QVERIFY2(content.isValid(), qPrintable(content.problemDetail())); // well formed: only the bytes lie
        QVERIFY(content.source().isEncrypted());

        const QStringList before = filesUnder(QStringLiteral("cache"));
        MediaRequest request;
        request.mxcUri = content.source().url;
        request.encrypted = content.source().file;
        for (int attempt = 0; attempt < 2; ++attempt) { // refused again: no entry was left to answer from
            const FetchedMedia fetched = waitFetched(media()->downloader()->fetch(request));
            QCOMPARE(MediaError::kindName(fetched.error.kind), MediaError::kindName(MediaError::Kind::HashMismatch));
            QVERIFY(!fetched.fromCache);
            QVERIFY(fetched.entry.file.fileName.isEmpty());
        }
        QTRY_COMPARE(filesUnder(QStringLiteral("cache")), before);
        bool looked = false;
        bool found = true;
        media()->cache()->find(request.mxcUri, request.variant(), [&](const std::optional<MediaCacheEntry> &entry) {
            found = entry.has_value();
            looked = true;
        });
        QTRY_VERIFY(looked);
        QVERIFY(!found);
    }

    void overTheLimitIsRefusedBeforeUpload()
    {
        const qint64 limit = qint64(50) * 1024 * 1024; // max_upload_size: 50M
        QTRY_COMPARE_WITH_TIMEOUT(media()->uploadLimit(), limit, 20000);
        // 51 MB of nothing (sparse): nothing is read before the size is checked.
        const QString name = QStringLiteral("archive complète.zip");
        const qint64 size = qint64(51) * 1024 * 1024;
        QVERIFY(writeSparseFile(input(name), size));
        const int uploadsBefore = ourUploads();
        QVERIFY(uploadsBefore >= 0);

        QSignalSpy refused(media(), &MediaSession::attachmentRefused);
        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy finished(media(), &MediaSession::batchFinished);
        QSignalSpy queued(m_session->outbox(), &Outbox::updated);
        AttachmentSource source;
        source.path = input(name);
        media()->sendAttachments(m_plainRoom, {source});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        for (const auto &args : accepted)
            m_session->outbox()->cancel(args.at(1).toString());
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().at(0).toString(), m_plainRoom);
        QCOMPARE(refused.first().at(1).toString(), name);
        const QString sentence = refused.first().at(2).toString();
        QVERIFY2(sentence.contains(name), qPrintable(sentence));
        QVERIFY2(mentionsSize(sentence, size), qPrintable(sentence));
        QVERIFY2(mentionsSize(sentence, limit), qPrintable(sentence));
        QVERIFY(accepted.isEmpty());
        // Nothing in the outbox, nothing staged, nothing on the server.
        QVERIFY(queued.isEmpty());
        QCOMPARE(m_session->outbox()->pendingCount(), 0);
        QCOMPARE(filesUnder(QLatin1String(AttachmentStager::StagingFolder)), QStringList());
        QTest::qWait(500);
        QCOMPARE(ourUploads(), uploadsBefore);
    }

    void serverStoppedMidUploadArrivesOnce_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<bool>("deleteSource");
        // Encrypted room: the staged ciphertext is uploaded as it is; in the clear it is decrypted while it is
        // read, and read again from its start by the next attempt. The original file may be gone by then.
        QTest::newRow("encrypted") << true << false;
        QTest::newRow("plain, original deleted after acceptance") << false << true;
    }

    void serverStoppedMidUploadArrivesOnce()
    {
        QFETCH(bool, encrypted);
        QFETCH(bool, deleteSource);
        const QString roomId = encrypted ? m_encryptedRoom : m_plainRoom;
        // Large enough that the upload is still going while the server stops: this test blocks the event loop
        // while the harness stops Synapse, so at most what the kernel buffers can hold goes out meanwhile.
        const QString name = QStringLiteral("relevé-complet-%1.bin").arg(encrypted ? "e2e" : "clair");
        const QString path = input(name);
        const qint64 size = qint64(40) * 1024 * 1024;
        QVERIFY(writeRandomFile(path, size, encrypted ? 22 : 23));
        const QByteArray sha = sha256OfFile(path);
        const int uploadsBefore = ourUploads();
        QVERIFY(uploadsBefore >= 0);

        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        qint64 transferred = 0;
        qint64 total = 0;
        QObject watching; // the connection ends with this test function
        connect(m_session->outbox(), &Outbox::updated, &watching, [&](const OutboxUpdate &update) {
            if (update.kind == OutboxUpdate::Kind::Progress) {
                transferred = update.transferred;
                total = update.total;
            }
        });
        AttachmentSource source;
        source.path = path;
        media()->sendAttachments(roomId, {source});
        QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 60000);
        const QString txnId = accepted.first().at(1).toString();
        if (deleteSource)
            QVERIFY(QFile::remove(path));
        QTRY_VERIFY_WITH_TIMEOUT(transferred > 0, 60000);
        QString error;
        QVERIFY2(stopServer(&error), qPrintable(error));
        QVERIFY2(transferred < total, qPrintable(QStringLiteral("%1 of %2").arg(transferred).arg(total)));
        qInfo("server stopped after %lld of %lld bytes", transferred, total);

        // While it is down: waiting, neither sent nor failed.
        QTest::qWait(3000);
        QVERIFY(sent.isEmpty());
        QVERIFY(failed.isEmpty());
        QCOMPARE(m_session->outbox()->pendingCount(), 1);

        QVERIFY2(startServer(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!sent.isEmpty(), 120000);
        QVERIFY(failed.isEmpty());
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.first().at(1).toString(), txnId);
        const QString eventId = sent.first().at(2).toString();
        QCOMPARE(transferred, total);
        QCOMPARE(total, size);

        const QJsonObject got = encrypted ? m_peer->waitForDecrypted(roomId, name, m_cast.me.userId, 60000)
                                          : m_peer->eventInfo(roomId, eventId, 60000);
        QVERIFY(!got.isEmpty());
        QCOMPARE(str(got, "event_id"), eventId);
        const QJsonObject content = got.value(QStringLiteral("content")).toObject();
        const QJsonObject file = content.value(QStringLiteral("file")).toObject();
        const QJsonObject download = encrypted ? m_peer->download(str(file, "url"), file)
                                               : m_peer->download(str(content, "url"));
        QVERIFY2(download.value(QStringLiteral("ok")).toBool(), qPrintable(str(download, "error")));
        QCOMPARE(str(download, "sha256"), QString::fromLatin1(sha.toHex()));

        // Let a duplicate show up before counting: a marker sent after it.
        const QString marker = QStringLiteral("marqueur %1").arg(QString::fromLatin1(QTest::currentDataTag()));
        QVERIFY(!sendAndWait(*m_session, roomId, marker).isEmpty());
        QVERIFY(m_peer->waitForMessage(roomId, marker, m_cast.me.userId));
        QCOMPARE(peerCount(roomId, name), 1);
        int sentFile = 0;
        for (const auto &args : sent)
            sentFile += args.at(1).toString() == txnId ? 1 : 0;
        QCOMPARE(sentFile, 1);
        QCOMPARE(m_session->outbox()->pendingCount(), 0);
        // The interrupted upload left nothing on the server: one file stored.
        QCOMPARE(ourUploads(), uploadsBefore + 1);
        QTRY_COMPARE(filesUnder(QLatin1String(AttachmentStager::StagingFolder)), QStringList());
    }

    void cleanup()
    {
        // A test that failed while the server was down leaves it up again for the next one.
        QString error;
        if (QTest::currentTestFailed() && !startServer(&error))
            qWarning("%s", qPrintable(error));
    }

    void cleanupTestCase()
    {
        QString error;
        startServer(&error); // never leave the shared server down for the next test
        m_session.reset();
        m_peer.reset();
    }
};

QTEST_MAIN(TestMediaInteropFaults)
#include "test_media_interop_faults.moc"
