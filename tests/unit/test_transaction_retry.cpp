#include "api/room_api.h"
#include "net/http_client.h"
#include "support/fault_http_server.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using estafette::test::CannedResponse;
using estafette::test::FaultHttpServer;

class TestTransactionRetry : public QObject {
    Q_OBJECT
private slots:
    void sameTransactionIdOnRetry()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(CannedResponse::raw(502, "<html>Bad gateway</html>"));
        server.enqueue(CannedResponse::json(200, {{QStringLiteral("event_id"), QStringLiteral("$ev1")}}));

        HttpClient http;
        http.setHomeserver(server.url());
        http.setAccessToken(QStringLiteral("syt_token"));
        RoomApi api(&http);
        const QJsonObject content{{QStringLiteral("msgtype"), QStringLiteral("m.text")},
                                  {QStringLiteral("body"), QStringLiteral("bonjour")}};
        PendingRequest *req = api.sendEvent(QStringLiteral("!room:example.org"), QStringLiteral("m.room.message"),
                                            QStringLiteral("txn-42"), content, RetryPolicy{4, 20, 100});
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(finished.wait(10000));
        const auto response = finished.first().first().value<HttpResponse>();
        QVERIFY(response.ok());
        QCOMPARE(response.json().value(QStringLiteral("event_id")).toString(), QStringLiteral("$ev1"));
        QCOMPARE(req->attempts(), 2);

        const auto requests = server.requests();
        QCOMPARE(requests.size(), 2);
        const QByteArray expected = "/_matrix/client/v3/rooms/%21room%3Aexample.org/send/m.room.message/txn-42";
        for (const auto &r : requests) {
            QCOMPARE(r.method, QByteArray("PUT"));
            QCOMPARE(r.target, expected);
            QCOMPARE(QJsonDocument::fromJson(r.body).object(), content);
        }
    }

    void permanentFailureNotRetried()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(CannedResponse::matrixError(403, QStringLiteral("M_FORBIDDEN")));
        HttpClient http;
        http.setHomeserver(server.url());
        RoomApi api(&http);
        PendingRequest *req = api.sendEvent(QStringLiteral("!r:x"), QStringLiteral("m.room.message"),
                                            QStringLiteral("t1"), {}, RetryPolicy::unlimited());
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<HttpResponse>().error.errcode, QStringLiteral("M_FORBIDDEN"));
        QCOMPARE(server.requestCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTransactionRetry)
#include "test_transaction_retry.moc"
