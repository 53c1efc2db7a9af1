// What a person sees when sync stops for good, in French, against the local Synapse: an administrator locks the
// account (401 M_USER_LOCKED): a bar above the rooms and the timeline says why in words, with a "Réessayer"
// button reached with Tab and pressed from the keyboard; the status bar says sync stopped. Once the account is
// unlocked, Réessayer resumes syncing: the bar goes and what was missed arrives. Then the token is revoked
// elsewhere while only sync runs: back to the sign-in window, which says why.
#include "app_controller.h"
#include "app_options.h"
#include "connection_indicator.h"
#include "error_text.h"
#include "main_window.h"
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/session.h"
#include "sign_in_window.h"
#include "support/signed_in_session.h"
#include "support/synapse_fixture.h"
#include "sync/sync_loop.h"
#include "sync_problem_bar.h"

#include <QAccessible>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace estafette;
using namespace estafette::test;

class TestSyncBanner : public QObject {
    Q_OBJECT
    TestServer m_server;
    QTranslator m_french;

    // Presses Tab until `target` has the focus (at most `limit` times).
    static bool tabTo(QWidget *window, QWidget *target, int limit = 60)
    {
        for (int i = 0; i < limit; ++i) {
            if (QApplication::focusWidget() == target)
                return true;
            QWidget *from = QApplication::focusWidget() ? QApplication::focusWidget() : window;
            QTest::keyClick(from, Qt::Key_Tab);
        }
        return QApplication::focusWidget() == target;
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
        QVERIFY(m_french.load(QStringLiteral(":/i18n/estafette_fr.qm")));
        QApplication::installTranslator(&m_french);
    }

    void stoppedSyncIsExplainedAndRetriedInFrench()
    {
        QString error;
        auto admin = registerUser(m_server, QStringLiteral("guilockadmin"), true, &error);
        QVERIFY2(admin, qPrintable(error));
        auto me = registerUser(m_server, QStringLiteral("guilocked"), false, &error);
        QVERIFY2(me, qPrintable(error));
        auto peer = registerUser(m_server, QStringLiteral("guilockpeer"), false, &error);
        QVERIFY2(peer, qPrintable(error));

        QTemporaryDir profile;
        AppOptions options;
        options.profileDir = profile.path();
        options.language = QStringLiteral("fr");
        options.homeserver = m_server.baseUrl.toString();
        options.user = me->localpart;
        options.password = me->password;
        AppController app(options);
        app.start();
        QTRY_VERIFY_WITH_TIMEOUT(app.mainWindow() != nullptr, 30000);
        MainWindow *main = app.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(main));
        Session *session = app.session();
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 30000);

        auto *bar = main->findChild<SyncProblemBar *>(QStringLiteral("syncProblemBar"));
        QVERIFY(bar);
        auto *retry = bar->findChild<QPushButton *>(QStringLiteral("syncRetryButton"));
        QVERIFY(retry);
        auto *indicator = main->findChild<ConnectionIndicator *>(QStringLiteral("connectionStatus"));
        QVERIFY(indicator);
        QVERIFY(!bar->isVisible()); // all is well: no bar

        // Short long-polls from the next one on (an invitation ends the current one); then the lock.
        session->syncLoop()->setPollTimeoutMs(500);
        const QString before = createRoomInviting(m_server, *peer, me->userId, QStringLiteral("Avant"), &error);
        QVERIFY(!before.isEmpty());
        QVERIFY(waitForRoom(*session, before, Membership::Invite));
        QVERIFY2(setUserLocked(m_server, *admin, me->userId, true, &error), qPrintable(error));

        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
        QCOMPARE(session->connectionState(), ConnectionState::Stopped);
        const QString expected = QStringLiteral("Les messages ne sont plus reçus. "
                                                "Ce compte a été verrouillé. Contactez votre administrateur.");
        QCOMPARE(bar->message(), expected);
        QCOMPARE(ErrorText::syncStopped(session->syncError()), expected);
        auto *text = bar->findChild<QLabel *>(QStringLiteral("syncProblemText"));
        QVERIFY(text && text->isVisible());
        QCOMPARE(text->text(), expected);
        QCOMPARE(retry->text(), QStringLiteral("Réessayer"));
        QVERIFY(retry->isVisible() && retry->isEnabled());
        QCOMPARE(indicator->text(), QStringLiteral("Synchronisation arrêtée"));
        // Named for screen readers: the bar, its words, the button.
        QCOMPARE(bar->accessibleName(), QStringLiteral("Problème de synchronisation"));
        QAccessibleInterface *barAccess = QAccessible::queryAccessibleInterface(bar);
        QVERIFY(barAccess);
        QCOMPARE(barAccess->text(QAccessible::Name), QStringLiteral("Problème de synchronisation"));
        QCOMPARE(barAccess->text(QAccessible::Description), expected);
        QAccessibleInterface *retryAccess = QAccessible::queryAccessibleInterface(retry);
        QVERIFY(retryAccess);
        QCOMPARE(retryAccess->role(), QAccessible::Button);
        QCOMPARE(retryAccess->text(QAccessible::Name), QStringLiteral("Réessayer"));
        QVERIFY(!retryAccess->text(QAccessible::Description).isEmpty());

        // Meanwhile an invitation, which the stopped sync does not fetch.
        const QString during = createRoomInviting(m_server, *peer, me->userId, QStringLiteral("Pendant"), &error);
        QVERIFY(!during.isEmpty());

        // Unlocked; Réessayer from the keyboard: Tab to it, Space.
        QVERIFY2(setUserLocked(m_server, *admin, me->userId, false, &error), qPrintable(error));
        main->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(main));
        QVERIFY2(tabTo(main, retry), "Tab never reached the Réessayer button");
        QTest::keyClick(retry, Qt::Key_Space);
        QVERIFY(waitForRoom(*session, during, Membership::Invite));
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 20000);
        QVERIFY(!bar->isVisible());
        QCOMPARE(indicator->text(), QStringLiteral("Connecté"));

        // The token revoked elsewhere while only sync runs: the sign-in window says why.
        QSignalSpy signedOut(session, &Session::signedOut);
        QVERIFY2(callServer(m_server, "POST", QStringLiteral("/_matrix/client/v3/logout"),
                            session->credentials().accessToken, {}, &error),
                 qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.size(), 1, 20000);
        QCOMPARE(signedOut.first().at(0).value<SignOutReason>(), SignOutReason::SessionRevoked);
        QTRY_VERIFY_WITH_TIMEOUT(app.signInWindow() && app.signInWindow()->isVisible(), 10000);
        QVERIFY(app.mainWindow() == nullptr);
        auto *notice = app.signInWindow()->findChild<QLabel *>(QStringLiteral("signInNotice"));
        QVERIFY(notice);
        QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 5000);
        QCOMPARE(notice->text(), QStringLiteral("Cette session a été fermée depuis un autre appareil. "
                                                "Reconnectez-vous pour continuer."));
    }
};

QTEST_MAIN(TestSyncBanner)
#include "test_sync_banner.moc"
