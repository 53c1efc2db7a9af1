#include "api/room_api.h"
#include "net/http_client.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
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

    // The other RoomApi calls: paths percent-encoded, bodies as the spec wants them.
    void requestShapes()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::json(200, {}));
        HttpClient http;
        http.setHomeserver(server.url());
        RoomApi api(&http);

        CreateRoomOptions group;
        group.name = QStringLiteral("Équipe");
        group.topic = QStringLiteral("Sujet");
        group.invite = {QStringLiteral("@bob:example.org")};
        CreateRoomOptions direct;
        direct.direct = true;
        direct.invite = {QStringLiteral("@carol:example.org")};

        QList<PendingRequest *> requests{
            api.messages(QStringLiteral("!r:example.org"), QStringLiteral("t12-34_5"), 20),
            api.createRoom(group),
            api.createRoom(direct),
            api.join(QStringLiteral("#salon:example.org")),
            api.leave(QStringLiteral("!r:example.org")),
            api.invite(QStringLiteral("!r:example.org"), QStringLiteral("@bob:example.org")),
            api.setAccountData(QStringLiteral("@me:example.org"), QStringLiteral("m.direct"),
                               {{QStringLiteral("@bob:example.org"), QJsonArray{QStringLiteral("!r:example.org")}}}),
        };
        int finished = 0;
        for (PendingRequest *r : requests)
            connect(r, &PendingRequest::finished, this, [&finished] { ++finished; });
        QTRY_COMPARE_WITH_TIMEOUT(finished, int(requests.size()), 10000);

        QHash<QByteArray, test::RecordedRequest> byPath;
        int createRooms = 0;
        QList<QJsonObject> createBodies;
        for (const auto &r : server.requests()) {
            if (r.path().endsWith("/createRoom")) {
                ++createRooms;
                createBodies << QJsonDocument::fromJson(r.body).object();
            } else {
                byPath.insert(r.method + ' ' + r.path(), r);
            }
        }
        QCOMPARE(createRooms, 2);

        const auto messages = byPath.value("GET /_matrix/client/v3/rooms/%21r%3Aexample.org/messages");
        QVERIFY(!messages.target.isEmpty());
        const QUrlQuery query(QString::fromLatin1(messages.target.mid(messages.target.indexOf('?') + 1)));
        QCOMPARE(query.queryItemValue(QStringLiteral("dir")), QStringLiteral("b"));
        QCOMPARE(query.queryItemValue(QStringLiteral("from")), QStringLiteral("t12-34_5"));
        QCOMPARE(query.queryItemValue(QStringLiteral("limit")), QStringLiteral("20"));
        const QJsonObject filter = QJsonDocument::fromJson(
            query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded).toUtf8()).object();
        QCOMPARE(filter.value(QStringLiteral("lazy_load_members")).toBool(), true);

        QJsonObject groupBody, directBody;
        for (const auto &b : createBodies)
            (b.value(QStringLiteral("is_direct")).toBool() ? directBody : groupBody) = b;
        QCOMPARE(groupBody.value(QStringLiteral("preset")).toString(), QStringLiteral("private_chat"));
        QCOMPARE(groupBody.value(QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        QCOMPARE(groupBody.value(QStringLiteral("name")).toString(), QStringLiteral("Équipe"));
        QCOMPARE(groupBody.value(QStringLiteral("topic")).toString(), QStringLiteral("Sujet"));
        QCOMPARE(groupBody.value(QStringLiteral("invite")).toArray(), QJsonArray{QStringLiteral("@bob:example.org")});
        QVERIFY(!groupBody.contains(QStringLiteral("is_direct")));
        QCOMPARE(directBody.value(QStringLiteral("preset")).toString(), QStringLiteral("trusted_private_chat"));
        QCOMPARE(directBody.value(QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        QVERIFY(!directBody.contains(QStringLiteral("name")));

        QVERIFY(byPath.contains("POST /_matrix/client/v3/join/%23salon%3Aexample.org"));
        QVERIFY(byPath.contains("POST /_matrix/client/v3/rooms/%21r%3Aexample.org/leave"));
        const auto invite = byPath.value("POST /_matrix/client/v3/rooms/%21r%3Aexample.org/invite");
        QCOMPARE(QJsonDocument::fromJson(invite.body).object().value(QStringLiteral("user_id")).toString(),
                 QStringLiteral("@bob:example.org"));
        QVERIFY(byPath.contains("PUT /_matrix/client/v3/user/%40me%3Aexample.org/account_data/m.direct"));
    }

    void createRoomNotRetriedAfterServerError()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(CannedResponse::raw(502, "bad gateway"));
        server.enqueue(CannedResponse::json(200, {{QStringLiteral("room_id"), QStringLiteral("!new:x")}}));
        HttpClient http;
        http.setHomeserver(server.url());
        RoomApi api(&http);
        PendingRequest *req = api.createRoom({});
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<HttpResponse>().httpStatus, 502);
        QTest::qWait(100);
        QCOMPARE(server.requestCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTransactionRetry)
#include "test_transaction_retry.moc"
