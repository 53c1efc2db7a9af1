// Files, photos and videos through the real window, offscreen, signed in to the local Synapse (the app's sign-in
// options), in an encrypted room with a matrix-nio peer. What the peer sends (encrypted by nio) is used from the
// timeline as a person would: the file card's Save writes identical bytes through the save dialog, a click on
// the photo opens the viewer whose Save as writes the original's bytes, a click on the video opens the player and
// its position advances. What we send goes through the attach button's file dialog and Enter: our row shows the
// upload's progress, Delete cancels it (the row and the staged copy go, the peer never gets it), and the next file
// reaches the peer. The uplink goes through a proxy that slows it (a real server can't be made slow on demand), so
// the upload lasts long enough to be watched.
#include "app_controller.h"
#include "app_options.h"
#include "main_window.h"
#include "composer/attachment_tray.h"
#include "composer_edit.h"
#include "composer/composer_panel.h"
#include "events/media_content.h"
#include "media/image_canvas.h"
#include "media/image_viewer.h"
#include "media/media_player_window.h"
#include "models/room_list_model.h"
#include "models/timeline_model.h"
#include "models/transfer_progress.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/crypto_session.h"
#include "session/media_session.h"
#include "session/session.h"
#include "support/media_checks.h"
#include "support/media_inputs.h"
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"
#include "support/throttling_proxy.h"
#include "timeline/timeline_view.h"
#include "gui_finders.h"
#include "timeline_points.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QImage>
#include <QJsonArray>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace estafette;
using namespace estafette::test;

namespace {

// Answers a file dialog as a person would: the folder, the name typed into its name field, then Enter. (Into a
// folder where nothing has that name: a name set by program does not clear what the dialog's list selected.)
bool answerDialog(QFileDialog *dialog, const QString &path)
{
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    if (!name)
        return false;
    dialog->setDirectory(QFileInfo(path).absolutePath());
    name->setText(QFileInfo(path).fileName());
    QTest::keyClick(name, Qt::Key_Return);
    return true;
}

} // namespace

class TestMediaWindow : public QObject {
    Q_OBJECT
    TestServer m_server;
    std::optional<TestUser> m_me;
    NioPeer m_peer;
    std::unique_ptr<ThrottlingProxy> m_proxy;
    QTemporaryDir m_profile;
    QTemporaryDir m_files;
    std::unique_ptr<AppController> m_controller;
    QString m_roomId;

    // Where the tests save what they receive: a folder of its own, beside the originals.
    QString savedPath(const QString &name) const
    {
        QDir(m_files.path()).mkpath(QStringLiteral("enregistrés"));
        return QDir(m_files.filePath(QStringLiteral("enregistrés"))).filePath(name);
    }

    QWidget *mainWindow() const { return m_controller->mainWindow(); }
    TimelineView *timeline() const { return mainWindow()->findChild<TimelineView *>(QStringLiteral("timelineView")); }

    int rowOfEvent(const QString &eventId) const
    {
        QAbstractItemModel *model = timeline()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(TimelineModel::EventIdRole).toString() == eventId)
                return row;
        return -1;
    }
    int rowOfTransaction(const QString &txnId) const
    {
        QAbstractItemModel *model = timeline()->model();
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(TimelineModel::TransactionIdRole).toString() == txnId)
                return row;
        return -1;
    }

    // The peer sends a file (nio encrypts it); the row of its event once the timeline shows it as media.
    int peerSends(const QString &path, const QString &msgtype, const QString &mimetype, const QJsonObject &args = {})
    {
        const QJsonObject sent = m_peer.sendFile(m_roomId, path, msgtype, mimetype, args);
        const QString eventId = sent.value(QStringLiteral("event_id")).toString();
        if (eventId.isEmpty() || !sent.value(QStringLiteral("content")).toObject().contains(QLatin1String("file")))
            return -1;
        if (!QTest::qWaitFor([&] {
                const int row = rowOfEvent(eventId);
                return row >= 0
                    && timeline()->model()->index(row, 0).data(TimelineModel::MediaRole).value<MediaContent>().isValid();
            }, 30000))
            return -1;
        return rowOfEvent(eventId);
    }

    // Scrolls the row into view and clicks where it offers `action`.
    bool click(int row, TimelineAction action)
    {
        TimelineView *view = timeline();
        view->scrollTo(view->model()->index(row, 0));
        QApplication::processEvents();
        const QPoint point = pointFor(*view, row, action);
        if (point.isNull())
            return false;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
        return true;
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        m_me = registerUser(m_server, QStringLiteral("mediawin"), false, &error);
        QVERIFY2(m_me, qPrintable(error));
        auto peerUser = registerUser(m_server, QStringLiteral("mediawinpeer"), false, &error);
        QVERIFY2(peerUser, qPrintable(error));
        QVERIFY2(m_peer.start(m_server, *peerUser, &error), qPrintable(error));
        const QString roomName = QStringLiteral("Cabinet — pièces");
        m_roomId = m_peer.createEncryptedRoom(roomName, {m_me->userId});
        QVERIFY(!m_roomId.isEmpty());
        // 2 MB/s up: a few seconds for a few megabytes.
        m_proxy = std::make_unique<ThrottlingProxy>(quint16(m_server.baseUrl.port()), 2 * 1024 * 1024);
        QVERIFY2(m_proxy->listen(&error), qPrintable(error));
        QVERIFY(m_profile.isValid() && m_files.isValid());

        AppOptions options;
        options.profileDir = m_profile.path();
        options.language = QStringLiteral("en");
        options.homeserver = QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port());
        options.user = m_me->localpart;
        options.password = m_me->password;
        m_controller = std::make_unique<AppController>(options);
        m_controller->start();
        QTRY_VERIFY_WITH_TIMEOUT(mainWindow() != nullptr, 30000);
        QVERIFY(QTest::qWaitForWindowExposed(mainWindow()));
        Session *session = m_controller->session();
        QTRY_VERIFY_WITH_TIMEOUT(session->crypto() && session->crypto()->deviceKeysPublished(), 30000);

        // Accept the invitation from the room list.
        auto *rooms = mainWindow()->findChild<QListView *>(QStringLiteral("roomList"));
        QVERIFY(rooms);
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(rooms->model(), roomName) >= 0, 30000);
        rooms->setCurrentIndex(rooms->model()->index(rowNamed(rooms->model(), roomName), 0));
        auto *accept = mainWindow()->findChild<QPushButton *>(QStringLiteral("acceptInviteButton"));
        QVERIFY(accept);
        QTRY_VERIFY_WITH_TIMEOUT(accept->isVisible(), 5000);
        QTest::mouseClick(accept, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(session->rooms()->room(m_roomId)
                                     && session->rooms()->room(m_roomId)->membership() == Membership::Join
                                     && session->rooms()->room(m_roomId)->isEncrypted(),
                                 30000);
        const QJsonObject joined =
            m_peer.command(QStringLiteral("wait_joined"), {{"room_id", m_roomId}, {"user_id", m_me->userId}});
        QVERIFY2(joined.value(QStringLiteral("ok")).toBool(), qPrintable(joined.value(QStringLiteral("error")).toString()));
        QCOMPARE(timeline()->room(), session->rooms()->room(m_roomId));
    }

    void fileCardSavesIdenticalBytes()
    {
        const QString original = m_files.filePath(QStringLiteral("note-de-service.pdf"));
        QVERIFY(writeRandomFile(original, 700 * 1024 + 17, 42));
        const int row = peerSends(original, QStringLiteral("m.file"), QStringLiteral("application/pdf"));
        QVERIFY2(row >= 0, "the peer's file never showed as a file card");
        QVERIFY(click(row, TimelineAction::Save));
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = mainWindow()->findChild<QFileDialog *>(QStringLiteral("saveFileDialog")))
                    && dialog->isVisible());
        // The sender's name is offered.
        QCOMPARE(dialog->selectedFiles().value(0).section(u'/', -1), QStringLiteral("note-de-service.pdf"));
        const QString saved = savedPath(QStringLiteral("enregistré.pdf"));
        QVERIFY(answerDialog(dialog, saved));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(saved).size() == QFileInfo(original).size(), 30000);
        QTRY_COMPARE(sha256OfFile(saved), sha256OfFile(original)); // the last bytes may still be on their way
    }

    void photoOpensInTheViewerWhichSavesTheOriginal()
    {
        const QString original = m_files.filePath(QStringLiteral("tableau-blanc.jpg"));
        const QString thumbnail = m_files.filePath(QStringLiteral("tableau-blanc-vignette.jpg"));
        QVERIFY(media_test::asymmetricImage(1200, 900).save(original, "JPEG", 90));
        QVERIFY(media_test::asymmetricImage(400, 300).save(thumbnail, "JPEG", 80));
        const int row = peerSends(original, QStringLiteral("m.image"), QStringLiteral("image/jpeg"),
                                  {{"info", QJsonObject{{"w", 1200}, {"h", 900}}},
                                   {"thumbnail_path", thumbnail},
                                   {"thumbnail_info", QJsonObject{{"w", 400}, {"h", 300}}}});
        QVERIFY2(row >= 0, "the peer's photo never showed in the timeline");
        QVERIFY(click(row, TimelineAction::OpenImage));
        ImageViewer *viewer = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((viewer = visibleTopLevel<ImageViewer>(QStringLiteral("imageViewer"))), 10000);
        // The full picture, downloaded, checked, decrypted and decoded off the GUI thread.
        QTRY_VERIFY_WITH_TIMEOUT(viewer->canvas()->hasImage(), 30000);
        QCOMPARE(viewer->canvas()->image().size(), QSize(1200, 900));

        auto *save = viewer->findChild<QPushButton *>(QStringLiteral("saveImage"));
        QVERIFY(save && save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = viewer->findChild<QFileDialog *>(QStringLiteral("saveImageDialog"))) && dialog->isVisible());
        const QString saved = savedPath(QStringLiteral("photo-enregistrée.jpg"));
        QSignalSpy finished(viewer, &ImageViewer::saveFinished);
        QVERIFY(answerDialog(dialog, saved));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().at(1).toString(), QString());
        QCOMPARE(sha256OfFile(saved), sha256OfFile(original));
        QTest::keyClick(viewer, Qt::Key_Escape);
        QTRY_VERIFY(!visibleTopLevel<ImageViewer>(QStringLiteral("imageViewer")));
    }

    void videoPlaysFromTheTimeline()
    {
        const QString video = m_files.filePath(QStringLiteral("visite.webm"));
        QVERIFY(media_test::makeWebmVideo(video, 3.0));
        const int row = peerSends(video, QStringLiteral("m.video"), QStringLiteral("video/webm"),
                                  {{"info", QJsonObject{{"w", 320}, {"h", 240}, {"duration", 3000}}}});
        QVERIFY2(row >= 0, "the peer's video never showed in the timeline");
        QVERIFY(click(row, TimelineAction::Play));
        MediaPlayerWindow *player = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((player = visibleTopLevel<MediaPlayerWindow>(QStringLiteral("mediaPlayer"))), 30000);
        // Played from the decrypting device over the encrypted cache file: its position advances.
        QTRY_VERIFY_WITH_TIMEOUT(player->player()->position() > 500, 15000);
        QVERIFY2(player->errorText().isEmpty(), qPrintable(player->errorText()));
        player->close();
    }

    void attachedFileShowsProgressAndCancels()
    {
        Session *session = m_controller->session();
        const QString big = m_files.filePath(QStringLiteral("gros-dossier.bin"));
        QVERIFY(writeRandomFile(big, 12 * 1024 * 1024, 7));
        auto *panel = mainWindow()->findChild<ComposerPanel *>(QStringLiteral("composerPanel"));
        QVERIFY(panel);

        const auto attach = [&](const QString &path) {
            QToolButton *button = panel->attachButton();
            button->setFocus(Qt::TabFocusReason);
            QTest::keyClick(button, Qt::Key_Space);
            QFileDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = panel->findChild<QFileDialog *>(QStringLiteral("attachDialog"))) && dialog->isVisible());
            QVERIFY(answerDialog(dialog, path));
            QTRY_COMPARE(panel->tray()->count(), 1);
            panel->edit()->setFocus();
            QTest::keyClick(panel->edit(), Qt::Key_Return);
            QVERIFY(panel->tray()->isEmpty());
        };
        QSignalSpy accepted(session->media(), &MediaSession::attachmentAccepted);
        attach(big);
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 30000);
        const QString txnId = accepted.first().at(1).toString();
        int row = rowOfTransaction(txnId);
        QVERIFY(row >= 0);
        // Our row shows the upload going: some of it sent, not all.
        const auto progress = [&] {
            return timeline()->model()->index(rowOfTransaction(txnId), 0).data(TimelineModel::UploadProgressRole)
                .value<TransferProgress>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(progress().done > 0, 20000);
        QCOMPARE(progress().total, QFileInfo(big).size());
        QVERIFY(progress().done < progress().total);
        QVERIFY(!pointFor(*timeline(), rowOfTransaction(txnId), TimelineAction::CancelUpload).isNull());

        // Delete on the row cancels: the row goes, and the staged copy.
        timeline()->setFocus();
        timeline()->setCurrentIndex(timeline()->model()->index(rowOfTransaction(txnId), 0));
        QTest::keyClick(timeline(), Qt::Key_Delete);
        QTRY_COMPARE(rowOfTransaction(txnId), -1);
        QTRY_COMPARE_WITH_TIMEOUT(filesUnder(session->media()->mediaPath(), QStringLiteral("staging")), QStringList(),
                                  10000);

        // The next file goes out; the peer gets it and never the cancelled one.
        const QString small = m_files.filePath(QStringLiteral("suite.txt"));
        QVERIFY(media_test::writeBytes(small, QByteArray("Suite de la visite\n").repeated(100)));
        attach(small);
        if (QTest::currentTestFailed())
            return;
        const QJsonObject seen = m_peer.waitForDecrypted(m_roomId, QStringLiteral("suite.txt"), m_me->userId, 60000);
        QVERIFY2(!seen.isEmpty(), "the peer never got the file sent after the cancelled one");
        QCOMPARE(m_peer.messageEvents(m_roomId, m_me->userId, QStringLiteral("gros-dossier.bin")).size(), 0);
    }

    void cleanupTestCase()
    {
        m_controller.reset();
        m_peer.stop();
    }
};

QTEST_MAIN(TestMediaWindow)
#include "test_media_window.moc"
