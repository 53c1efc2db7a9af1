// The server's upload limit when Estafette could not ask for it, against the real Synapse of the test run
// (max_upload_size 50M in synapse_overrides.yaml): Estafette started while the server was unreachable.
// - Once the server is back, a file over the limit is still refused before anything is staged or uploaded: the
//   limit is asked for first (Synapse would only cut the connection, which looks like a network failure).
// - A file sent while the server is still unreachable cannot be checked and is accepted; once the server is back
//   and the limit known, it fails as too large with the reason, instead of being uploaded again and again.
#include "media/attachment_stager.h"
#include "rooms/outbox.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/media_session.h"
#include "session/session.h"
#include "support/media_checks.h"
#include "support/signed_in_session.h"
#include "support/stored_session.h"
#include "sync/sync_loop.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestMediaInteropOffline : public QObject {
    Q_OBJECT
    TestServer m_server;
    TestUser m_me;
    TestUser m_admin;
    StoredAccount m_account;
    std::unique_ptr<Session> m_session;
    QTemporaryDir m_files;
    QString m_roomId;

    QString input(const QString &name) const { return m_files.filePath(name); }
    MediaSession *media() const { return m_session->media(); }
    QStringList filesUnder(const QString &folder) const { return test::filesUnder(media()->mediaPath(), folder); }
    int ourUploads()
    {
        QString error;
        const int count = uploadedMediaCount(m_server, m_admin, m_me.userId, &error);
        if (count < 0)
            qWarning("admin media list: %s", qPrintable(error));
        return count;
    }
    // Estafette restarted (from its store) while the server is down, and left until its media config request gave
    // up: the upload limit is not known. The server stays down.
    void restartWhileServerDown()
    {
        m_session.reset();
        QString error;
        QVERIFY2(stopServer(&error), qPrintable(error));
        m_session = std::make_unique<Session>();
        Session *session = m_session.get();
        connect(session, &Session::signedIn, session, [session] { session->syncLoop()->setPollTimeoutMs(1000); });
        QSignalSpy signedIn(session, &Session::signedIn);
        session->resumeFromStore(m_account.location());
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 20000);
        QVERIFY(media());
        QTest::qWait(8000); // the config request gives up meanwhile
        QCOMPARE(media()->uploadLimit(), qint64(0));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY(m_files.isValid());
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        auto me = registerUser(m_server, QStringLiteral("mediaoff"), false, &error);
        QVERIFY2(me, qPrintable(error));
        m_me = *me;
        auto admin = registerUser(m_server, QStringLiteral("mediaoffadmin"), true, &error);
        QVERIFY2(admin, qPrintable(error));
        m_admin = *admin;
        m_session = m_account.signIn(m_server, m_me, &error);
        QVERIFY2(m_session, qPrintable(error));
        QVERIFY(media());
        const auto created = callServer(m_server, "POST", QStringLiteral("/_matrix/client/v3/createRoom"),
                                        m_me.accessToken, {{QStringLiteral("name"), QStringLiteral("Hors ligne")}},
                                        &error);
        QVERIFY2(created, qPrintable(error));
        m_roomId = created->value(QStringLiteral("room_id")).toString();
        QVERIFY(waitForRoom(*m_session, m_roomId, Membership::Join));
        QTRY_COMPARE_WITH_TIMEOUT(media()->uploadLimit(), qint64(50) * 1024 * 1024, 20000);
    }

    void limitUnknownAtStart_askedBeforeSending()
    {
        // Estafette starts while the server is unreachable: the media config cannot be had then. Once the server
        // is back, a file over its limit must still be refused before it is staged or uploaded (Synapse would
        // only cut the connection, which looks like a network failure and is retried).
        restartWhileServerDown();
        if (QTest::currentTestFailed())
            return;
        Session *session = m_session.get();
        QString error;
        QVERIFY2(startServer(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 60000);

        const QString name = QStringLiteral("sauvegarde.tar");
        const qint64 size = qint64(51) * 1024 * 1024;
        QVERIFY(writeSparseFile(input(name), size));
        const int uploadsBefore = ourUploads();
        QVERIFY(uploadsBefore >= 0);
        QSignalSpy refused(media(), &MediaSession::attachmentRefused);
        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy finished(media(), &MediaSession::batchFinished);
        AttachmentSource source;
        source.path = input(name);
        media()->sendAttachments(m_roomId, {source});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        for (const auto &args : accepted) // should it have been accepted: not left to upload for the next tests
            m_session->outbox()->cancel(args.at(1).toString());
        QVERIFY(accepted.isEmpty());
        QCOMPARE(refused.size(), 1);
        const QString sentence = refused.first().at(2).toString();
        QVERIFY2(mentionsSize(sentence, size), qPrintable(sentence));
        QVERIFY2(mentionsSize(sentence, qint64(50) * 1024 * 1024), qPrintable(sentence));
        QCOMPARE(media()->uploadLimit(), qint64(50) * 1024 * 1024);
        QCOMPARE(m_session->outbox()->pendingCount(), 0);
        QCOMPARE(filesUnder(QLatin1String(AttachmentStager::StagingFolder)), QStringList());
        QCOMPARE(ourUploads(), uploadsBefore);
    }

    void overLimitAcceptedWhileUnreachable_failsWithTheReason()
    {
        // Sent while the server is unreachable: its limit cannot be known, so the file is accepted (staged and kept
        // for when the server is back). Once the server is back and the limit known, it fails as too large, with the
        // reason, instead of being uploaded and cut off again and again; nothing reaches the server.
        restartWhileServerDown();
        if (QTest::currentTestFailed())
            return;
        const QString name = QStringLiteral("images-disque.iso");
        const qint64 size = qint64(51) * 1024 * 1024;
        QVERIFY(writeSparseFile(input(name), size));
        QSignalSpy accepted(media(), &MediaSession::attachmentAccepted);
        QSignalSpy refused(media(), &MediaSession::attachmentRefused);
        QSignalSpy sent(m_session->outbox(), &Outbox::sent);
        QSignalSpy failed(m_session->outbox(), &Outbox::failed);
        QSignalSpy cancelled(m_session->outbox(), &Outbox::cancelled);
        AttachmentSource source;
        source.path = input(name);
        media()->sendAttachments(m_roomId, {source});
        QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 30000);
        QVERIFY(refused.isEmpty());
        const QString txnId = accepted.first().at(1).toString();

        QString error;
        QVERIFY2(startServer(&error), qPrintable(error));
        const int uploadsBefore = ourUploads();
        QVERIFY(uploadsBefore >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 90000);
        QCOMPARE(failed.first().at(1).toString(), txnId);
        const MatrixError reason = failed.first().at(2).value<MatrixError>();
        QCOMPARE(reason.errcode, QStringLiteral("M_TOO_LARGE"));
        QCOMPARE(reason.httpStatus, 413);
        QVERIFY(sent.isEmpty());
        QCOMPARE(m_session->outbox()->pendingCount(), 1); // Failed: the person may delete it
        QTest::qWait(2000);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(ourUploads(), uploadsBefore);
        m_session->outbox()->discard(txnId);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(m_session->outbox()->pendingCount(), 0);
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
    }
};

QTEST_MAIN(TestMediaInteropOffline)
#include "test_media_interop_offline.moc"
