#include "api/auth_api.h"
#include "net/http_client.h"
#include "support/fault_http_server.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using estafette::test::CannedResponse;
using estafette::test::FaultHttpServer;
using Kind = MatrixError::Kind;

namespace {

RequestOptions fastRetries(int maxAttempts = 4)
{
    RequestOptions options;
    options.retry = RetryPolicy{maxAttempts, 10, 100};
    options.timeoutMs = 5000;
    return options;
}

HttpResponse waitFinished(QSignalSpy &spy, int timeoutMs = 10000)
{
    if (spy.isEmpty() && !spy.wait(timeoutMs))
        return {};
    return spy.first().first().value<HttpResponse>();
}

} // namespace

class TestHttpClient : public QObject {
    Q_OBJECT
private:
    FaultHttpServer *server = nullptr;
    HttpClient *http = nullptr;

private slots:
    void init()
    {
        server = new FaultHttpServer(this);
        QVERIFY(server->listen());
        http = new HttpClient(this);
        http->setHomeserver(server->url());
    }

    void cleanup()
    {
        delete http;
        delete server;
        http = nullptr;
        server = nullptr;
    }

    void successAfterServerErrors()
    {
        server->enqueue(CannedResponse::raw(500, "oops"));
        server->enqueue(CannedResponse::matrixError(500, QStringLiteral("M_UNKNOWN")));
        server->enqueue(CannedResponse::json(200, {{QStringLiteral("ok"), true}}));
        PendingRequest *req = http->get(QStringLiteral("/_matrix/client/v3/test"), {}, fastRetries());
        QPointer<PendingRequest> guard(req);
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);

        const HttpResponse response = waitFinished(finished);
        QVERIFY(response.ok());
        QCOMPARE(response.httpStatus, 200);
        QCOMPARE(response.json().value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(req->attempts(), 3);
        QCOMPARE(retrying.count(), 2);
        QCOMPARE(server->requestCount(), 3);
        QCOMPARE(finished.count(), 1);
        // deletes itself
        QTRY_VERIFY(guard.isNull());
    }

    void gaveUpAfterMaxAttempts()
    {
        for (int i = 0; i < 3; ++i)
            server->enqueue(CannedResponse::raw(503, "down"));
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, fastRetries(2));
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Http);
        QCOMPARE(response.error.httpStatus, 503);
        QCOMPARE(req->attempts(), 2);
        QCOMPARE(server->requestCount(), 2);
    }

    void rateLimitWaitsRetryAfter()
    {
        server->enqueue(CannedResponse::matrixError(429, QStringLiteral("M_LIMIT_EXCEEDED"),
                                                    {{QStringLiteral("retry_after_ms"), 400}}));
        server->enqueue(CannedResponse::json(200, {}));
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, fastRetries());
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        const HttpResponse response = waitFinished(finished);
        QVERIFY(response.ok());
        QCOMPARE(retrying.count(), 1);
        QCOMPARE(retrying.first().at(1).toInt(), 400);
        const auto requests = server->requests();
        QCOMPARE(requests.size(), 2);
        QVERIFY2(requests[1].receivedMs - requests[0].receivedMs >= 400,
                 qPrintable(QString::number(requests[1].receivedMs - requests[0].receivedMs)));
    }

    void retryAfterHeaderUsed()
    {
        server->enqueue(CannedResponse::json(429, {}, {{"Retry-After", "1"}}));
        server->enqueue(CannedResponse::json(200, {}));
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, fastRetries());
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        QVERIFY(waitFinished(finished).ok());
        QCOMPARE(retrying.first().at(1).toInt(), 1000);
        const auto requests = server->requests();
        QVERIFY(requests[1].receivedMs - requests[0].receivedMs >= 1000);
    }

    void forbiddenNotRetried()
    {
        server->enqueue(CannedResponse::matrixError(403, QStringLiteral("M_FORBIDDEN")));
        server->enqueue(CannedResponse::json(200, {}));
        PendingRequest *req = http->post(QStringLiteral("/x"), {}, fastRetries());
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Matrix);
        QCOMPARE(response.error.errcode, QStringLiteral("M_FORBIDDEN"));
        QCOMPARE(response.httpStatus, 403);
        QCOMPARE(req->attempts(), 1);
        QCOMPARE(retrying.count(), 0);
        QTest::qWait(100);
        QCOMPARE(server->requestCount(), 1);
    }

    void timeout()
    {
        server->enqueue(CannedResponse::silence());
        RequestOptions options;
        options.timeoutMs = 200;
        options.retry = RetryPolicy::none();
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Timeout);
        QVERIFY(response.error.isTransient());
        QCOMPARE(finished.count(), 1);
    }

    void timeoutThenRetrySucceeds()
    {
        server->enqueue(CannedResponse::silence());
        server->enqueue(CannedResponse::json(200, {}));
        RequestOptions options = fastRetries();
        options.timeoutMs = 200;
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        QVERIFY(waitFinished(finished).ok());
        QCOMPARE(retrying.first().first().value<MatrixError>().kind, Kind::Timeout);
        QCOMPARE(req->attempts(), 2);
    }

    void cancelDuringBackoff()
    {
        server->enqueue(CannedResponse::raw(500, "oops"));
        server->enqueue(CannedResponse::json(200, {}));
        RequestOptions options;
        options.retry = RetryPolicy{4, 3000, 3000};
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, options);
        QPointer<PendingRequest> guard(req);
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        QVERIFY(retrying.wait(5000));
        QCOMPARE(finished.count(), 0);
        req->cancel();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<HttpResponse>().error.kind, Kind::Cancelled);
        req = nullptr;
        QTRY_VERIFY(guard.isNull());
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(server->requestCount(), 1);
    }

    void cancelDuringAttempt()
    {
        server->enqueue(CannedResponse::silence());
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, fastRetries());
        QPointer<PendingRequest> guard(req);
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(server->waitForRequests(1));
        req->cancel();
        req->cancel(); // harmless
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<HttpResponse>().error.kind, Kind::Cancelled);
        QTRY_VERIFY(guard.isNull());
        QTest::qWait(100);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(server->requestCount(), 1);
    }

    void clientDestroyedWithRequestsInFlight()
    {
        server->enqueue(CannedResponse::silence());
        server->enqueue(CannedResponse::raw(500, "oops"));
        PendingRequest *inFlight = http->get(QStringLiteral("/a"), {}, fastRetries());
        RequestOptions slow;
        slow.retry = RetryPolicy{4, 5000, 5000};
        PendingRequest *backingOff = http->get(QStringLiteral("/b"), {}, slow);
        QSignalSpy retrying(backingOff, &PendingRequest::retrying);
        QVERIFY(server->waitForRequests(2));
        QVERIFY(retrying.count() == 1 || retrying.wait(5000));
        QPointer<PendingRequest> a(inFlight), b(backingOff);
        delete http;
        http = nullptr;
        QVERIFY(a.isNull());
        QVERIFY(b.isNull());
        QTest::qWait(100); // nothing fires afterwards
    }

    void unknownTokenSignalled()
    {
        server->enqueue(CannedResponse::matrixError(401, QStringLiteral("M_UNKNOWN_TOKEN"),
                                                    {{QStringLiteral("soft_logout"), true}}));
        http->setAccessToken(QStringLiteral("syt_expired"));
        QSignalSpy unknown(http, &HttpClient::unknownToken);
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, fastRetries());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.errcode, QStringLiteral("M_UNKNOWN_TOKEN"));
        QVERIFY(response.error.softLogout);
        QCOMPARE(unknown.count(), 1);
        QVERIFY(unknown.first().first().value<MatrixError>().softLogout);
        QCOMPARE(req->attempts(), 1);
    }

    void headersAndBody()
    {
        server->enqueue(CannedResponse::json(200, {}));
        server->enqueue(CannedResponse::json(200, {}));
        http->setAccessToken(QStringLiteral("syt_secret"));
        PendingRequest *req = http->post(QStringLiteral("/_matrix/client/v3/rooms/")
                                             + HttpClient::encodeSegment(QStringLiteral("!abc:example.org"))
                                             + QStringLiteral("/invite"),
                                         {{QStringLiteral("user_id"), QStringLiteral("@bob:example.org")}});
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished).ok());

        RequestOptions anonymous;
        anonymous.authenticated = false;
        req = http->get(QStringLiteral("/_matrix/client/versions"), {}, anonymous);
        QSignalSpy finished2(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished2).ok());

        const auto requests = server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[0].method, QByteArray("POST"));
        QCOMPARE(requests[0].path(), QByteArray("/_matrix/client/v3/rooms/%21abc%3Aexample.org/invite"));
        QCOMPARE(requests[0].header("Authorization"), QByteArray("Bearer syt_secret"));
        QVERIFY(requests[0].header("Content-Type").startsWith("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(requests[0].body).object();
        QCOMPARE(body.value(QStringLiteral("user_id")).toString(), QStringLiteral("@bob:example.org"));
        QVERIFY(requests[1].header("Authorization").isEmpty());
    }

    void tokenNeverSentToAnotherOrigin()
    {
        FaultHttpServer other;
        QVERIFY(other.listen());
        other.enqueue(CannedResponse::json(200, {}));
        http->setAccessToken(QStringLiteral("syt_secret"));
        PendingRequest *req = http->getUrl(QUrl(other.url().toString() + QStringLiteral("/x")), RequestOptions{});
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished).ok());
        QCOMPARE(other.requestCount(), 1);
        QVERIFY(other.requests()[0].header("Authorization").isEmpty());
    }

    void queryEncoding()
    {
        server->enqueue(CannedResponse::json(200, {}));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("from"), QStringLiteral("t1+2&x=y"));
        query.addQueryItem(QStringLiteral("filter"), QStringLiteral(R"({"lazy_load_members":true})"));
        PendingRequest *req = http->get(QStringLiteral("/x"), query);
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished).ok());
        const QByteArray target = server->requests().at(0).target;
        QCOMPARE(target, QByteArray("/x?from=t1%2B2%26x%3Dy&filter=%7B%22lazy_load_members%22%3Atrue%7D"));
    }

    void connectionRefused()
    {
        http->setHomeserver(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(FaultHttpServer::closedPort())));
        RequestOptions options;
        options.retry = RetryPolicy::none();
        PendingRequest *req = http->get(QStringLiteral("/x"), {}, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Network);
        QCOMPARE(response.httpStatus, 0);
        QVERIFY(response.error.isTransient());
    }

    void nonJsonSuccessBody()
    {
        server->enqueue(CannedResponse::raw(200, "<html>hello</html>"));
        PendingRequest *req = http->get(QStringLiteral("/x"));
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QVERIFY(response.ok());
        QVERIFY(response.json().isEmpty());
        QCOMPARE(response.body, QByteArray("<html>hello</html>"));
    }

    void authApiLogin()
    {
        server->enqueue(CannedResponse::json(200, {}));
        http->setAccessToken(QStringLiteral("old_token"));
        AuthApi auth(http);
        PendingRequest *req = auth.login(QStringLiteral("alice"), QStringLiteral("pa\"ss"), QStringLiteral("Estafette"),
                                         QStringLiteral("DEVICE1"));
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished).ok());
        const auto request = server->requests().at(0);
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path(), QByteArray("/_matrix/client/v3/login"));
        QVERIFY(request.header("Authorization").isEmpty());
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body.value(QStringLiteral("type")).toString(), QStringLiteral("m.login.password"));
        const QJsonObject identifier = body.value(QStringLiteral("identifier")).toObject();
        QCOMPARE(identifier.value(QStringLiteral("type")).toString(), QStringLiteral("m.id.user"));
        QCOMPARE(identifier.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
        QCOMPARE(body.value(QStringLiteral("password")).toString(), QStringLiteral("pa\"ss"));
        QCOMPARE(body.value(QStringLiteral("initial_device_display_name")).toString(), QStringLiteral("Estafette"));
        QCOMPARE(body.value(QStringLiteral("device_id")).toString(), QStringLiteral("DEVICE1"));
    }

    void parseLogin()
    {
        auto loginJson = [](const QString &baseUrl) {
            QJsonObject json{{QStringLiteral("user_id"), QStringLiteral("@a:x")},
                             {QStringLiteral("access_token"), QStringLiteral("t")},
                             {QStringLiteral("device_id"), QStringLiteral("D")}};
            if (!baseUrl.isEmpty()) {
                json.insert(QStringLiteral("well_known"),
                            QJsonObject{{QStringLiteral("m.homeserver"),
                                         QJsonObject{{QStringLiteral("base_url"), baseUrl}}}});
            }
            return json;
        };
        const auto ok = AuthApi::parseLogin(loginJson(QStringLiteral("https://matrix.x/")));
        QVERIFY(ok.has_value());
        QCOMPARE(ok->userId, QStringLiteral("@a:x"));
        QCOMPARE(ok->accessToken, QStringLiteral("t"));
        QCOMPARE(ok->deviceId, QStringLiteral("D"));
        QCOMPARE(ok->homeserverOverride, QUrl(QStringLiteral("https://matrix.x/")));
        QVERIFY(AuthApi::parseLogin(loginJson({}))->homeserverOverride.isEmpty());
        // never moved to plain HTTP by the server
        QVERIFY(AuthApi::parseLogin(loginJson(QStringLiteral("http://matrix.x")))->homeserverOverride.isEmpty());
        QJsonObject noToken = loginJson({});
        noToken.remove(QStringLiteral("access_token"));
        QVERIFY(!AuthApi::parseLogin(noToken));
        QVERIFY(!AuthApi::parseLogin({}));
    }

    void encodeSegment()
    {
        QCOMPARE(HttpClient::encodeSegment(QStringLiteral("!room:example.org")), QStringLiteral("%21room%3Aexample.org"));
        QCOMPARE(HttpClient::encodeSegment(QStringLiteral("@bob:ex.org")), QStringLiteral("%40bob%3Aex.org"));
        QCOMPARE(HttpClient::encodeSegment(QStringLiteral("#a/b?c d")), QStringLiteral("%23a%2Fb%3Fc%20d"));
        QCOMPARE(HttpClient::encodeSegment(QStringLiteral("Az09-._~")), QStringLiteral("Az09-._~"));
        QCOMPARE(HttpClient::encodeSegment(QString::fromUtf8("é")), QStringLiteral("%C3%A9"));
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "test_http_client.moc"
