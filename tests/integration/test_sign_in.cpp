// Sign-in and sign-out against the local Synapse, through the same Session the app uses.
#include "net/http_client.h"
#include "session/session.h"
#include "support/signed_in_session.h"
#include "support/synapse_fixture.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using namespace estafette::test;

class TestSignIn : public QObject {
    Q_OBJECT
    TestServer m_server;

    // Status of GET /account/whoami with a token, through plain Qt (independent of HttpClient).
    int whoamiStatus(const QString &token)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m_server.baseUrl.toString() + QStringLiteral("/_matrix/client/v3/account/whoami")));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QNetworkReply *reply = nam.get(request);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }

private slots:
    void initTestCase()
    {
        QString error;
        auto server = testServer(&error);
        QVERIFY2(server, qPrintable(error));
        m_server = *server;
    }

    void rightPasswordSignsInAndSyncs()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("alice"), false, &error);
        QVERIFY2(user, qPrintable(error));
        auto session = signInSession(m_server, *user, &error);
        QVERIFY2(session, qPrintable(error));
        QCOMPARE(session->userId(), user->userId);
        QVERIFY(!session->credentials().accessToken.isEmpty());
        QVERIFY(!session->credentials().deviceId.isEmpty());
        QCOMPARE(whoamiStatus(session->credentials().accessToken), 200);
        QTRY_COMPARE_WITH_TIMEOUT(session->connectionState(), ConnectionState::Connected, 10000);
    }

    // The user field holds a full user id and the server field the URL. A user id alone (found through
    // .well-known over HTTPS) is the gui test test_sign_in_discovery.
    void fullUserIdWithTheServerUrlSignsIn()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("fullid"), false, &error);
        QVERIFY2(user, qPrintable(error));
        Session session;
        QSignalSpy signedIn(&session, &Session::signedIn);
        QSignalSpy failed(&session, &Session::signInFailed);
        session.signIn(m_server.baseUrl.toString(), user->userId, user->password);
        QTRY_VERIFY_WITH_TIMEOUT(!signedIn.isEmpty() || !failed.isEmpty(), 20000);
        QCOMPARE(signedIn.size(), 1);
        QCOMPARE(session.userId(), user->userId);
    }

    void wrongPasswordIsReportedAsSuch()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("bob"), false, &error);
        QVERIFY2(user, qPrintable(error));
        Session session;
        QSignalSpy failed(&session, &Session::signInFailed);
        QSignalSpy signedIn(&session, &Session::signedIn);
        session.signIn(m_server.baseUrl.toString(), user->localpart, QStringLiteral("not-the-password"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.first().at(0).value<SignInFailure>(), SignInFailure::WrongCredentials);
        QCOMPARE(failed.first().at(1).value<MatrixError>().errcode, QStringLiteral("M_FORBIDDEN"));
        QVERIFY(signedIn.isEmpty());
        QVERIFY(!session.isSignedIn());
    }

    void unreachableServerIsReportedAsSuch()
    {
        Session session;
        QSignalSpy failed(&session, &Session::signInFailed);
        session.signIn(QStringLiteral("http://127.0.0.1:9"), QStringLiteral("nobody"), QStringLiteral("x"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
        QCOMPARE(failed.first().at(0).value<SignInFailure>(), SignInFailure::Unreachable);
    }

    void signOutInvalidatesTheTokenOnTheServer()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("carol"), false, &error);
        QVERIFY2(user, qPrintable(error));
        auto session = signInSession(m_server, *user, &error);
        QVERIFY2(session, qPrintable(error));
        const QString token = session->credentials().accessToken;
        QSignalSpy signedOut(session.get(), &Session::signedOut);
        session->signOut();
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.size(), 1, 20000);
        QCOMPARE(signedOut.first().at(0).value<SignOutReason>(), SignOutReason::UserRequested);
        QVERIFY(!session->isSignedIn());
        QVERIFY(session->rooms() == nullptr);
        QCOMPARE(whoamiStatus(token), 401);
    }

    void tokenRevokedElsewhereSignsOut()
    {
        QString error;
        auto user = registerUser(m_server, QStringLiteral("dave"), false, &error);
        QVERIFY2(user, qPrintable(error));
        auto session = signInSession(m_server, *user, &error);
        QVERIFY2(session, qPrintable(error));
        QSignalSpy signedOut(session.get(), &Session::signedOut);

        // Another client logs this device out (same token, plain Qt).
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m_server.baseUrl.toString() + QStringLiteral("/_matrix/client/v3/logout")));
        request.setRawHeader("Authorization", "Bearer " + session->credentials().accessToken.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.post(request, QByteArrayLiteral("{}"));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        reply->deleteLater();

        // The next sync request meets M_UNKNOWN_TOKEN (within one long-poll).
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.size(), 1, 45000);
        QCOMPARE(signedOut.first().at(0).value<SignOutReason>(), SignOutReason::SessionRevoked);
        QVERIFY(!session->isSignedIn());
    }
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "test_sign_in.moc"
