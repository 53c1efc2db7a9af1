// The test support pieces against the real Synapse: shared-secret registration, two matrix-nio peers that
// talk to each other, the per-user rate-limit override and a server restart with the same data.
#include "support/nio_peer.h"
#include "support/synapse_fixture.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace estafette::test;

namespace {

// GET /_matrix/client/v3/account/whoami with a token: the user id, or empty.
QString whoami(const TestServer &server, const QString &accessToken)
{
    QNetworkAccessManager nam;
    QUrl url = server.baseUrl;
    url.setPath(QStringLiteral("/_matrix/client/v3/account/whoami"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
    request.setTransferTimeout(10000);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("user_id")).toString();
}

} // namespace

class TestHarness : public QObject {
    Q_OBJECT

private:
    TestServer m_server;

private slots:
    void initTestCase()
    {
        QString error;
        const auto server = testServer(&error);
        QVERIFY2(server.has_value(), qPrintable(error));
        m_server = *server;
        QCOMPARE(m_server.serverName, QStringLiteral("localhost"));
    }

    void registersUsersWithTheSharedSecret()
    {
        QString error;
        const auto user = registerUser(m_server, QStringLiteral("Reg"), false, &error);
        QVERIFY2(user.has_value(), qPrintable(error));
        QVERIFY(user->localpart.startsWith(QStringLiteral("reg_")));
        QCOMPARE(user->userId, QStringLiteral("@%1:localhost").arg(user->localpart));
        QVERIFY(!user->deviceId.isEmpty());
        QCOMPARE(whoami(m_server, user->accessToken), user->userId);

        const auto other = registerUser(m_server, QStringLiteral("reg"), false, &error);
        QVERIFY2(other.has_value(), qPrintable(error));
        QVERIFY(other->userId != user->userId);
    }

    void twoNioPeersExchangeAMessage()
    {
        QString error;
        const auto alice = registerUser(m_server, QStringLiteral("alice"), false, &error);
        QVERIFY2(alice.has_value(), qPrintable(error));
        const auto bob = registerUser(m_server, QStringLiteral("bob"), false, &error);
        QVERIFY2(bob.has_value(), qPrintable(error));

        NioPeer a;
        NioPeer b;
        QVERIFY2(a.start(m_server, *alice, &error), qPrintable(error));
        QVERIFY2(b.start(m_server, *bob, &error), qPrintable(error));

        const QString roomId = a.createRoom(QStringLiteral("Salle de test"), {bob->userId});
        QVERIFY(roomId.startsWith(QLatin1Char('!')));
        QVERIFY(b.waitForInvite(roomId, 20000));
        QVERIFY(b.join(roomId));

        const QString body = QStringLiteral("Bonjour depuis le pair B, àéèç ✓");
        const QString eventId = b.sendText(roomId, body);
        QVERIFY(eventId.startsWith(QLatin1Char('$')));
        QVERIFY(a.waitForMessage(roomId, body, bob->userId, 20000));

        const QJsonArray seen = a.messages(roomId);
        QCOMPARE(seen.size(), 1);
        QCOMPARE(seen.at(0)[QStringLiteral("event_id")].toString(), eventId);
        QCOMPARE(seen.at(0)[QStringLiteral("sender")].toString(), bob->userId);
        QCOMPARE(seen.at(0)[QStringLiteral("body")].toString(), body);

        // An unknown command is an error answer, not a dead peer.
        const QJsonObject bad = a.command(QStringLiteral("no_such_command"));
        QCOMPARE(bad[QStringLiteral("ok")].toBool(), false);
        QVERIFY(!a.sendText(roomId, QStringLiteral("toujours vivant")).isEmpty());
    }

    void overridesTheRateLimitOfOneUser()
    {
        QString error;
        const auto admin = registerUser(m_server, QStringLiteral("admin"), true, &error);
        QVERIFY2(admin.has_value(), qPrintable(error));
        const auto user = registerUser(m_server, QStringLiteral("limited"), false, &error);
        QVERIFY2(user.has_value(), qPrintable(error));
        QVERIFY2(overrideRateLimit(m_server, *admin, user->userId, 1, 2, &error), qPrintable(error));
        QVERIFY2(overrideRateLimit(m_server, *admin, user->userId, 0, 0, &error), qPrintable(error));
        // A non-admin may not do it.
        QVERIFY(!overrideRateLimit(m_server, *user, admin->userId, 1, 1, &error));
        QVERIFY(error.contains(QStringLiteral("403")));
    }

    void restartsTheServerWithTheSameData()
    {
        QString error;
        const auto user = registerUser(m_server, QStringLiteral("restart"), false, &error);
        QVERIFY2(user.has_value(), qPrintable(error));

        QVERIFY2(stopServer(&error), qPrintable(error));
        QVERIFY(whoami(m_server, user->accessToken).isEmpty()); // nothing answers
        QVERIFY2(startServer(&error), qPrintable(error));

        const auto again = testServer(&error);
        QVERIFY2(again.has_value(), qPrintable(error));
        QCOMPARE(again->baseUrl, m_server.baseUrl);
        QCOMPARE(whoami(m_server, user->accessToken), user->userId);
    }
};

QTEST_GUILESS_MAIN(TestHarness)
#include "test_harness.moc"
