// The session's side of sync failures, against the scripted FaultHttpServer: a permanent refusal leaves the
// account signed in with sync Stopped and the error exposed, retrySync() resumes from the same since token and
// messages flow again; token loss seen by the sync request signs out with the right reason (soft logout keeps
// the device: Synapse can't produce that on demand, so it is scripted here).
#include "rooms/room.h"
#include "rooms/room_list.h"
#include "session/session.h"
#include "support/fault_http_server.h"
#include "support/signed_in_session.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace estafette;
using namespace estafette::test;

namespace {

const QString kRoom = QStringLiteral("!room:fault.test");

CannedResponse syncWithMessage(const QString &nextBatch, const QString &body)
{
    const QJsonObject message{
        {QStringLiteral("type"), QStringLiteral("m.room.message")},
        {QStringLiteral("event_id"), QStringLiteral("$") + nextBatch},
        {QStringLiteral("sender"), QStringLiteral("@bob:fault.test")},
        {QStringLiteral("origin_server_ts"), 1700000000000LL},
        {QStringLiteral("content"),
         QJsonObject{{QStringLiteral("msgtype"), QStringLiteral("m.text")}, {QStringLiteral("body"), body}}},
    };
    const QJsonObject room{
        {QStringLiteral("timeline"), QJsonObject{{QStringLiteral("events"), QJsonArray{message}}}},
    };
    return CannedResponse::json(200, {
        {QStringLiteral("next_batch"), nextBatch},
        {QStringLiteral("rooms"), QJsonObject{{QStringLiteral("join"), QJsonObject{{kRoom, room}}}}},
    });
}

QList<RecordedRequest> syncRequests(const FaultHttpServer &server)
{
    QList<RecordedRequest> syncs;
    for (const RecordedRequest &request : server.requests())
        if (request.path() == "/_matrix/client/v3/sync")
            syncs.append(request);
    return syncs;
}

QString sinceOf(const RecordedRequest &request)
{
    const qsizetype q = request.target.indexOf('?');
    return q < 0 ? QString()
                 : QUrlQuery(QString::fromUtf8(request.target.mid(q + 1))).queryItemValue(QStringLiteral("since"));
}

SessionCredentials credentialsFor(const FaultHttpServer &server)
{
    return {server.url(), QStringLiteral("@alice:fault.test"), QStringLiteral("DEVICE"), QStringLiteral("token")};
}

} // namespace

class TestSessionSync : public QObject {
    Q_OBJECT
private slots:
    void refusedSyncStopsAndRetryResumes()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(syncWithMessage(QStringLiteral("s1"), QStringLiteral("before")));
        server.enqueue(CannedResponse::matrixError(403, QStringLiteral("M_FORBIDDEN")));
        server.setDefaultResponse(CannedResponse::silence());

        Session session;
        QSignalSpy stopped(&session, &Session::syncStopped);
        QSignalSpy signedOut(&session, &Session::signedOut);
        QSignalSpy states(&session, &Session::connectionStateChanged);
        session.resume(credentialsFor(server));
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 10000);
        QCOMPARE(stopped.first().at(0).value<MatrixError>().errcode, QStringLiteral("M_FORBIDDEN"));
        QCOMPARE(session.connectionState(), ConnectionState::Stopped);
        QCOMPARE(states.last().at(0).value<ConnectionState>(), ConnectionState::Stopped);
        QCOMPARE(session.syncError().errcode, QStringLiteral("M_FORBIDDEN"));
        QCOMPARE(session.syncError().httpStatus, 403);
        QVERIFY(session.isSignedIn()); // not a sign-out: the person is told and can retry
        QCOMPARE(signedOut.count(), 0);
        QTest::qWait(1500); // a retrying loop would have tried again by now (first backoff: 1 s)
        QCOMPARE(syncRequests(server).size(), 2);

        // Retry: from the stored token, and the message sent meanwhile arrives.
        server.enqueue(syncWithMessage(QStringLiteral("s2"), QStringLiteral("after the retry")));
        session.retrySync();
        QTRY_COMPARE_WITH_TIMEOUT(session.connectionState(), ConnectionState::Connected, 10000);
        QVERIFY(session.syncError().ok());
        const QList<RecordedRequest> syncs = syncRequests(server);
        QVERIFY(syncs.size() >= 3);
        QCOMPARE(sinceOf(syncs.at(2)), QStringLiteral("s1"));
        Room *room = session.rooms()->room(kRoom);
        QVERIFY(room);
        QTRY_COMPARE_WITH_TIMEOUT(countMessages(*room, QStringLiteral("after the retry")), 1, 5000);
        QCOMPARE(countMessages(*room, QStringLiteral("before")), 1);
        QCOMPARE(stopped.count(), 1);
    }

    // M_UNKNOWN_TOKEN on the sync request ends the session; soft_logout decides whether the device is kept.
    void tokenLossOnSyncSignsOut_data()
    {
        QTest::addColumn<bool>("soft");
        QTest::addColumn<SignOutReason>("reason");
        QTest::newRow("revoked") << false << SignOutReason::SessionRevoked;
        QTest::newRow("soft logout") << true << SignOutReason::SessionExpired;
    }

    void tokenLossOnSyncSignsOut()
    {
        QFETCH(bool, soft);
        QFETCH(SignOutReason, reason);
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(syncWithMessage(QStringLiteral("s1"), QStringLiteral("hello")));
        server.setDefaultResponse(CannedResponse::matrixError(
            401, QStringLiteral("M_UNKNOWN_TOKEN"), {{QStringLiteral("soft_logout"), soft}}));
        Session session;
        QSignalSpy signedOut(&session, &Session::signedOut);
        QSignalSpy stopped(&session, &Session::syncStopped);
        session.resume(credentialsFor(server));
        QTRY_COMPARE_WITH_TIMEOUT(signedOut.count(), 1, 10000);
        QCOMPARE(signedOut.first().at(0).value<SignOutReason>(), reason);
        QVERIFY(!session.isSignedIn());
        QCOMPARE(stopped.count(), 0); // token loss is a sign-out, not a stopped sync
        QCOMPARE(syncRequests(server).size(), 2);
        QTest::qWait(300);
        QCOMPARE(server.requestCount(), int(syncRequests(server).size())); // and nothing after it
    }
};

QTEST_GUILESS_MAIN(TestSessionSync)
#include "test_session_sync.moc"
