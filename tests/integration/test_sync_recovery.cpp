// Sync against the real Synapse when the server refuses it for a reason other than the token: an administrator
// locks the account (401 M_USER_LOCKED, the token stays valid). The session stays signed in with sync Stopped
// and the error exposed, stops asking, and once the account is unlocked retrySync() resumes from the stored
// token: what happened meanwhile arrives. (Token loss on the sync path: test_sign_in's
// tokenRevokedElsewhereSignsOut, where sync is the only request running.)
#include "rooms/room_list.h"
#include "session/session.h"
#include "support/signed_in_session.h"
#include "support/synapse_fixture.h"
#include "sync/sync_loop.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestSyncRecovery : public QObject {
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

    void lockedAccountStopsSyncUntilRetried()
    {
        QString error;
        auto admin = registerUser(m_server, QStringLiteral("lockadmin"), true, &error);
        QVERIFY2(admin, qPrintable(error));
        auto me = registerUser(m_server, QStringLiteral("locked"), false, &error);
        QVERIFY2(me, qPrintable(error));
        auto peer = registerUser(m_server, QStringLiteral("lockpeer"), false, &error);
        QVERIFY2(peer, qPrintable(error));
        auto session = signInSession(m_server, *me, &error);
        QVERIFY2(session, qPrintable(error));
        QSignalSpy stopped(session.get(), &Session::syncStopped);
        QSignalSpy signedOut(session.get(), &Session::signedOut);

        // Short long-polls from the next one on; an invite ends the current one.
        session->syncLoop()->setPollTimeoutMs(500);
        const QString first = createRoomInviting(m_server, *peer, me->userId, QStringLiteral("Avant"), &error);
        QVERIFY(!first.isEmpty());
        QVERIFY(waitForRoom(*session, first, Membership::Invite));

        QVERIFY2(setUserLocked(m_server, *admin, me->userId, true, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 20000);
        QCOMPARE(session->connectionState(), ConnectionState::Stopped);
        const MatrixError refusal = stopped.first().at(0).value<MatrixError>();
        QCOMPARE(refusal.errcode, QStringLiteral("M_USER_LOCKED"));
        QCOMPARE(refusal.httpStatus, 401);
        QCOMPARE(session->syncError().errcode, QStringLiteral("M_USER_LOCKED"));
        QVERIFY(session->isSignedIn()); // the token is still good: nothing to sign in again for
        QCOMPARE(signedOut.count(), 0);

        // Meanwhile: a new invitation, which a stopped sync does not fetch.
        const QString during = createRoomInviting(m_server, *peer, me->userId, QStringLiteral("Pendant"), &error);
        QVERIFY(!during.isEmpty());
        QTest::qWait(2000); // a retrying loop would have asked again (first backoff: 1 s) and failed again
        QCOMPARE(session->connectionState(), ConnectionState::Stopped);
        QCOMPARE(stopped.count(), 1);
        QVERIFY(session->rooms()->room(during) == nullptr);

        // Retry while still locked: stopped again, same reason.
        session->retrySync();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 20000);
        QCOMPARE(session->connectionState(), ConnectionState::Stopped);

        // Unlocked by the administrator, then Retry: sync resumes and catches up.
        QVERIFY2(setUserLocked(m_server, *admin, me->userId, false, &error), qPrintable(error));
        session->retrySync();
        QVERIFY(waitForRoom(*session, during, Membership::Invite));
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 20000);
        QVERIFY(session->syncError().ok());
        QCOMPARE(signedOut.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncRecovery)
#include "test_sync_recovery.moc"
