// GUI smoke test, offscreen, against the local Synapse: sign in through the sign-in window's widgets, see the
// room list fill, accept an invite, read a peer's message in the timeline, send one through the composer and
// check the matrix-nio peer received it; then sign out from the menu. Also: the French catalogue is complete.
#include "app_controller.h"
#include "app_options.h"
#include "main_window.h"
#include "models/room_list_model.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "sign_in_window.h"
#include "sign_out_dialog.h"
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace estafette;
using namespace estafette::test;

namespace {
template<typename T>
T *findIn(QWidget *window, const char *name)
{
    return window ? window->findChild<T *>(QString::fromLatin1(name)) : nullptr;
}

// Row of the room list whose display text is `name`, or -1.
int rowNamed(QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(Qt::DisplayRole).toString() == name)
            return row;
    return -1;
}

bool modelContainsText(QAbstractItemModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(Qt::DisplayRole).toString().contains(text))
            return true;
    return false;
}
} // namespace

class TestSmoke : public QObject {
    Q_OBJECT
    TestServer m_server;

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
    }

    void signInSeeRoomsAndTalk()
    {
        QString error;
        auto me = registerUser(m_server, QStringLiteral("guiagent"), false, &error);
        QVERIFY2(me, qPrintable(error));
        auto peerUser = registerUser(m_server, QStringLiteral("guipeer"), false, &error);
        QVERIFY2(peerUser, qPrintable(error));
        NioPeer peer;
        QVERIFY2(peer.start(m_server, *peerUser, &error), qPrintable(error));
        const QString roomName = QStringLiteral("Salon de l'interface");
        const QString roomId = peer.createRoom(roomName, {me->userId});
        QVERIFY(!roomId.isEmpty());

        QTemporaryDir profile;
        AppOptions options;
        options.profileDir = profile.path();
        options.language = QStringLiteral("en");
        AppController controller(options);
        controller.start();

        // Sign in through the widgets.
        QWidget *signIn = controller.signInWindow();
        QVERIFY(signIn);
        QVERIFY(QTest::qWaitForWindowExposed(signIn));
        auto *homeserver = findIn<QLineEdit>(signIn, "homeserverEdit");
        auto *user = findIn<QLineEdit>(signIn, "userEdit");
        auto *password = findIn<QLineEdit>(signIn, "passwordEdit");
        auto *button = findIn<QPushButton>(signIn, "signInButton");
        QVERIFY(homeserver && user && password && button);
        for (QWidget *w : std::initializer_list<QWidget *>{homeserver, user, password, button})
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        // The window is busy until the keychain has been read (nothing stored for this fresh profile).
        QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled() && homeserver->isEnabled(), 15000);
        homeserver->clear();
        QTest::keyClicks(homeserver, m_server.baseUrl.toString());
        QTest::keyClicks(user, me->localpart);
        QTest::keyClicks(password, me->password);
        QTest::mouseClick(button, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(controller.mainWindow() != nullptr, 30000);
        QWidget *main = controller.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(main));
        QVERIFY(main->windowTitle().contains(QStringLiteral("Estafette")));

        // The invite shows up in the room list; select it and accept it.
        auto *roomList = findIn<QListView>(main, "roomList");
        QVERIFY(roomList);
        QTRY_VERIFY_WITH_TIMEOUT(rowNamed(roomList->model(), roomName) >= 0, 30000);
        const QModelIndex inviteIndex = roomList->model()->index(rowNamed(roomList->model(), roomName), 0);
        QVERIFY(inviteIndex.data(RoomListModel::IsInviteRole).toBool());
        roomList->setCurrentIndex(inviteIndex);
        auto *accept = findIn<QPushButton>(main, "acceptInviteButton");
        QVERIFY(accept);
        QTRY_VERIFY_WITH_TIMEOUT(accept->isVisible(), 5000);
        QTest::mouseClick(accept, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->rooms()->room(roomId)
                                     && controller.session()->rooms()->room(roomId)->membership() == Membership::Join,
                                 30000);
        auto *header = findIn<QLabel>(main, "roomHeaderName");
        QVERIFY(header);
        QTRY_COMPARE_WITH_TIMEOUT(header->text(), roomName, 10000);

        // The peer's message appears in the timeline.
        const QString fromPeer = QStringLiteral("Bienvenue dans le salon");
        QVERIFY(!peer.sendText(roomId, fromPeer).isEmpty());
        auto *timeline = findIn<QListView>(main, "timelineView");
        QVERIFY(timeline);
        QTRY_VERIFY_WITH_TIMEOUT(modelContainsText(timeline->model(), fromPeer), 30000);

        // Typing in the composer and pressing Enter sends; Shift+Enter only adds a line.
        auto *composer = findIn<QPlainTextEdit>(main, "composer");
        QVERIFY(composer);
        composer->setFocus();
        // (QTest types ASCII only; the accented word is inserted as an input method would.)
        QTest::keyClicks(composer, QStringLiteral("Premiere ligne"));
        QTest::keyClick(composer, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(composer, QStringLiteral("seconde ligne, "));
        composer->insertPlainText(QStringLiteral("accentuée"));
        QCOMPARE(composer->toPlainText(), QStringLiteral("Premiere ligne\nseconde ligne, accentuée"));
        QTest::keyClick(composer, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(composer->toPlainText().isEmpty(), 5000);
        QVERIFY2(peer.waitForMessage(roomId, QStringLiteral("Premiere ligne\nseconde ligne, accentuée"), me->userId),
                 "the nio peer never received the message typed in the composer");

        // At rest: nothing under the profile says who we are, where we talk or what was said.
        QTest::qWait(500); // let the settings file and the store's WAL be written
        QDirIterator files(profile.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int scanned = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            ++scanned;
            for (const QString &secret : {me->localpart, peerUser->localpart, roomName, fromPeer,
                                          QStringLiteral("seconde ligne")})
                QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(file.fileName() + QStringLiteral(": ") + secret));
        }
        QVERIFY(scanned >= 2); // at least the database and the settings

        // Sign out from the menu: first a question, because it erases this computer's keys; Cancel is the
        // default, so Enter or Escape keep the session.
        auto *signOut = main->findChild<QAction *>(QStringLiteral("signOutAction"));
        QVERIFY(signOut);
        QSignalSpy signedOut(controller.session(), &Session::signedOut);
        signOut->trigger();
        SignOutDialog *ask = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((ask = main->findChild<SignOutDialog *>()) && ask->isVisible(), 5000);
        QCOMPARE(ask->defaultButton(), ask->cancelButton());
        QCOMPARE(ask->escapeButton(), static_cast<QAbstractButton *>(ask->cancelButton()));
        QVERIFY2(ask->informativeText().contains(QStringLiteral("no longer be readable on this computer")),
                 qPrintable(ask->informativeText()));
        QVERIFY(ask->informativeText().contains(QStringLiteral("other devices keep their own keys")));
        QTest::keyClick(ask, Qt::Key_Return); // the default button: Cancel
        QTRY_VERIFY_WITH_TIMEOUT(!main->findChild<SignOutDialog *>(), 5000);
        QTest::qWait(300);
        QVERIFY(signedOut.isEmpty());
        QVERIFY(controller.session()->isSignedIn());
        const QString accountId = controller.currentAccountId();
        QVERIFY(controller.accounts().hasDatabase(accountId));

        // Asked again, confirmed: back to the sign-in window, token and local data gone.
        signOut->trigger();
        QTRY_VERIFY_WITH_TIMEOUT((ask = main->findChild<SignOutDialog *>()) && ask->isVisible(), 5000);
        ask->signOutButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.size(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.accounts().contains(accountId), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.signInWindow() && controller.signInWindow()->isVisible(), 10000);
    }

    void frenchCatalogueIsLoadedAndComplete()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/estafette_fr.qm")));
        QCOMPARE(translator.translate("estafette::SignInWindow", "Sign in"), QStringLiteral("Se connecter"));

        QFile ts(QStringLiteral(ESTAFETTE_SOURCE_DIR "/translations/estafette_fr.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray xml = ts.readAll();
        QVERIFY(xml.count("<message") > 100);
        QCOMPARE(xml.count("type=\"unfinished\""), 0);
    }
};

QTEST_MAIN(TestSmoke)
#include "test_smoke.moc"
