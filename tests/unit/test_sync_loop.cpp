// SyncLoop against a port nobody listens on (real connection failures), the scripted FaultHttpServer (5xx,
// 429, timeouts, proxy pages, the homeserver's refusals) and a TLS server with an untrusted certificate: every
// failure is either retried with backoff for as long as it takes, or stops the loop (Stopped, with the error)
// until retryNow(), which resumes from the same since token. (Synapse's own refusals: integration tests.)
#include "net/http_client.h"
#include "support/fault_http_server.h"
#include "support/test_certificates.h"
#include "sync/sync_loop.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace estafette;
using namespace estafette::test;

Q_DECLARE_METATYPE(estafette::test::CannedResponse)

namespace {

CannedResponse syncOk(const QString &nextBatch)
{
    return CannedResponse::json(200, {{QStringLiteral("next_batch"), nextBatch}});
}

QString sinceOf(const RecordedRequest &request)
{
    const QByteArray target = request.target;
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QString() : QUrlQuery(QString::fromUtf8(target.mid(q + 1))).queryItemValue(QStringLiteral("since"));
}

// A loop on `server` with short backoff (100 ms, doubled up to 400 ms) so several retries fit in a test.
struct FaultLoop {
    HttpClient http;
    SyncLoop loop{&http};
    QSignalSpy states{&loop, &SyncLoop::connectionStateChanged};
    QSignalSpy synced{&loop, &SyncLoop::synced};
    QSignalSpy retries{&loop, &SyncLoop::retryScheduled};
    QSignalSpy fatal{&loop, &SyncLoop::fatalError};

    explicit FaultLoop(const QUrl &server)
    {
        http.setHomeserver(server);
        http.setAccessToken(QStringLiteral("token"));
        loop.setPollTimeoutMs(1000);
        loop.setBackoff(100, 400);
    }
    int retryDelay(int i) const { return retries.at(i).at(1).toInt(); }
    MatrixError retryError(int i) const { return retries.at(i).at(0).value<MatrixError>(); }
};

// TLS on 127.0.0.1 with a certificate (made in memory) from an authority nobody trusts.
class UntrustedTlsServer {
public:
    bool listen(QString *error)
    {
        const TestCertificate authority = makeTestAuthority(QStringLiteral("Untrusted test authority"));
        const TestCertificate certificate = makeServerCertificate(authority, QStringLiteral("127.0.0.1"));
        if (certificate.isNull()) {
            *error = QStringLiteral("cannot make a test certificate");
            return false;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setPrivateKey(certificate.key);
        config.setLocalCertificate(certificate.certificate);
        m_server.setSslConfiguration(config);
        if (!m_server.listen(QHostAddress::LocalHost, 0)) {
            *error = m_server.errorString();
            return false;
        }
        return true;
    }
    QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort())); }

private:
    QSslServer m_server;
};

// A local port that refuses connections: bound once to learn a free number, then released.
QUrl refusingServer()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot bind a local port");
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace

class TestSyncLoop : public QObject {
    Q_OBJECT
private slots:
    void filterIsLazyLoadingAndBounded()
    {
        const QJsonObject filter = QJsonDocument::fromJson(SyncLoop::filterJson().toUtf8()).object();
        const QJsonObject room = filter.value("room").toObject();
        QCOMPARE(room.value("state").toObject().value("lazy_load_members").toBool(), true);
        QCOMPARE(room.value("timeline").toObject().value("limit").toInt(), 30);
    }

    void failuresGoReconnectingThenOfflineWithBackoff()
    {
        HttpClient http;
        http.setHomeserver(refusingServer());
        http.setAccessToken(QStringLiteral("token"));
        SyncLoop loop(&http);
        loop.setPollTimeoutMs(1000);
        QSignalSpy states(&loop, &SyncLoop::connectionStateChanged);
        QSignalSpy synced(&loop, &SyncLoop::synced);
        QSignalSpy fatal(&loop, &SyncLoop::fatalError);
        QElapsedTimer clock;
        clock.start();
        loop.start();
        QVERIFY(loop.isRunning());
        QCOMPARE(loop.connectionState(), ConnectionState::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(loop.connectionState(), ConnectionState::Reconnecting, 5000);
        // Third failure after 1 s + 2 s of backoff.
        QTRY_COMPARE_WITH_TIMEOUT(loop.connectionState(), ConnectionState::Offline, 10000);
        QVERIFY2(clock.elapsed() >= 2900, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(loop.isRunning()); // still trying
        QCOMPARE(synced.count(), 0);
        QCOMPARE(fatal.count(), 0);
        QCOMPARE(states.at(0).at(0).value<ConnectionState>(), ConnectionState::Connecting);
        QCOMPARE(states.at(1).at(0).value<ConnectionState>(), ConnectionState::Reconnecting);
        QCOMPARE(states.at(2).at(0).value<ConnectionState>(), ConnectionState::Offline);
        QCOMPARE(loop.since(), QString());

        loop.stop();
        QVERIFY(!loop.isRunning());
        QCOMPARE(loop.connectionState(), ConnectionState::Disconnected);
        const int stateCount = int(states.count());
        QTest::qWait(300);
        QCOMPARE(states.count(), stateCount); // stopped: no more attempts, no more changes
    }

    // 5xx, whatever the body: retried with a delay doubling up to its cap, and again at the cap, never given up.
    void serverErrorsAreRetriedWithBackoffUntilTheyPass_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("500 M_UNKNOWN") << 500 << QByteArray(R"({"errcode":"M_UNKNOWN","error":"oops"})");
        QTest::newRow("502 proxy page") << 502 << QByteArray("<html><body>Bad Gateway</body></html>");
        QTest::newRow("503 empty") << 503 << QByteArray();
        QTest::newRow("504") << 504 << QByteArray("gateway timeout");
    }

    void serverErrorsAreRetriedWithBackoffUntilTheyPass()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::raw(status, body));
        FaultLoop f(server.url());
        f.loop.start(QStringLiteral("s1"));

        QVERIFY(server.waitForRequests(6, 10000));
        QCOMPARE(f.loop.connectionState(), ConnectionState::Reconnecting); // a server problem, not offline
        QVERIFY(f.loop.isRunning());
        QCOMPARE(f.fatal.count(), 0);
        QVERIFY(f.retries.count() >= 5);
        const QList<int> expected{100, 200, 400, 400, 400};
        const QList<RecordedRequest> requests = server.requests();
        for (int i = 0; i < expected.size(); ++i) {
            QCOMPARE(f.retryDelay(i), expected.at(i));
            QCOMPARE(f.retryError(i).httpStatus, status);
            const qint64 gap = requests.at(i + 1).receivedMs - requests.at(i).receivedMs;
            QVERIFY2(gap >= expected.at(i) - 5, qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(gap)));
            QCOMPARE(sinceOf(requests.at(i + 1)), QStringLiteral("s1"));
        }
        QCOMPARE(f.loop.lastError().httpStatus, status);

        // The server recovers: the loop syncs from where it was.
        server.setDefaultResponse(CannedResponse::silence());
        server.enqueue(syncOk(QStringLiteral("s2")));
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 5000);
        QCOMPARE(f.synced.count(), 1);
        QVERIFY(f.loop.lastError().ok());
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.since(), QStringLiteral("s2"), 5000);
    }

    // 429: the server's wait is honoured in full (body's retry_after_ms, or the Retry-After header).
    void rateLimitWaitsAsLongAsTheServerSays_data()
    {
        QTest::addColumn<CannedResponse>("limited");
        QTest::addColumn<int>("waitMs");
        QTest::newRow("retry_after_ms") << CannedResponse::matrixError(
            429, QStringLiteral("M_LIMIT_EXCEEDED"), {{QStringLiteral("retry_after_ms"), 1200}})
                                        << 1200;
        CannedResponse header = CannedResponse::raw(429, "slow down", "text/plain");
        header.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        QTest::newRow("Retry-After header") << header << 1000;
    }

    void rateLimitWaitsAsLongAsTheServerSays()
    {
        QFETCH(CannedResponse, limited);
        QFETCH(int, waitMs);
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(limited);
        server.enqueue(limited);
        server.enqueue(syncOk(QStringLiteral("s2")));
        server.setDefaultResponse(CannedResponse::silence());
        FaultLoop f(server.url());
        f.loop.start();

        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 10000);
        QCOMPARE(f.fatal.count(), 0);
        QCOMPARE(f.retries.count(), 2);
        QCOMPARE(f.retryDelay(0), waitMs);
        QCOMPARE(f.retryDelay(1), waitMs);
        QVERIFY(f.retryError(0).isRateLimited());
        bool wasReconnecting = false;
        for (const QList<QVariant> &state : std::as_const(f.states))
            wasReconnecting |= state.at(0).value<ConnectionState>() == ConnectionState::Reconnecting;
        QVERIFY(wasReconnecting);
        const QList<RecordedRequest> requests = server.requests();
        QVERIFY(requests.size() >= 3);
        for (int i = 0; i < 2; ++i) {
            const qint64 gap = requests.at(i + 1).receivedMs - requests.at(i).receivedMs;
            QVERIFY2(gap >= waitMs - 5, qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(gap)));
        }
    }

    // No answer at all: each request times out, the loop says Offline after a few and keeps trying.
    void timeoutsAreRetriedAndSayOffline()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::silence());
        FaultLoop f(server.url());
        f.loop.setPollTimeoutMs(100);
        f.loop.setRequestSlackMs(200); // a request times out after 300 ms
        f.loop.start(QStringLiteral("s1"));

        QVERIFY(server.waitForRequests(4, 10000));
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Offline, 5000);
        QVERIFY(f.loop.isRunning());
        QCOMPARE(f.fatal.count(), 0);
        QCOMPARE(f.retryError(0).kind, MatrixError::Kind::Timeout);
        QCOMPARE(f.loop.lastError().kind, MatrixError::Kind::Timeout);

        server.setDefaultResponse(syncOk(QStringLiteral("s2")));
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 5000);
        f.loop.stop();
    }

    // Answers that come from something between us and the homeserver (a proxy's or captive portal's page,
    // a cut-off transfer) are not the homeserver's verdict: retried, never a stop.
    void pagesFromOnTheWayAreRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("403 proxy page") << 403 << QByteArray("<html><body>Access denied by proxy</body></html>");
        QTest::newRow("404 maintenance") << 404 << QByteArray("<html><body>Maintenance</body></html>");
        QTest::newRow("407 proxy auth") << 407 << QByteArray();
        QTest::newRow("200 captive portal") << 200 << QByteArray("<html><body>Log in to the Wi-Fi</body></html>");
        QTest::newRow("200 cut off") << 200 << QByteArray("{\"next_batch\":\"s9\",\"rooms\":{\"jo"); // (moc trips on braces in raw strings)
    }

    void pagesFromOnTheWayAreRetried()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::raw(status, body));
        FaultLoop f(server.url());
        f.loop.start(QStringLiteral("s1"));

        QVERIFY(server.waitForRequests(4, 10000));
        QCOMPARE(f.fatal.count(), 0);
        QVERIFY(f.loop.isRunning());
        QCOMPARE(f.loop.connectionState(), ConnectionState::Reconnecting);

        server.setDefaultResponse(CannedResponse::silence());
        server.enqueue(syncOk(QStringLiteral("s2")));
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 5000);
    }

    // The homeserver refuses the request itself: retrying unchanged can't help. The loop stops (Stopped, with
    // the error), sends nothing more, and retryNow() resumes from the same since token.
    void refusalsStopUntilRetried_data()
    {
        QTest::addColumn<CannedResponse>("refusal");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errcode");
        QTest::addColumn<int>("kind");
        const int matrix = int(MatrixError::Kind::Matrix);
        QTest::newRow("403 M_FORBIDDEN") << CannedResponse::matrixError(403, QStringLiteral("M_FORBIDDEN")) << 403
                                         << QStringLiteral("M_FORBIDDEN") << matrix;
        QTest::newRow("401 M_USER_LOCKED")
            << CannedResponse::matrixError(401, QStringLiteral("M_USER_LOCKED"),
                                           {{QStringLiteral("soft_logout"), true}})
            << 401 << QStringLiteral("M_USER_LOCKED") << matrix;
        QTest::newRow("400 M_BAD_JSON") << CannedResponse::matrixError(400, QStringLiteral("M_BAD_JSON")) << 400
                                        << QStringLiteral("M_BAD_JSON") << matrix;
        QTest::newRow("400 M_UNKNOWN") << CannedResponse::matrixError(400, QStringLiteral("M_UNKNOWN")) << 400
                                       << QStringLiteral("M_UNKNOWN") << matrix;
        QTest::newRow("404 M_UNRECOGNIZED") << CannedResponse::matrixError(404, QStringLiteral("M_UNRECOGNIZED"))
                                            << 404 << QStringLiteral("M_UNRECOGNIZED") << matrix;
        QTest::newRow("200 not a sync response")
            << CannedResponse::json(200, {{QStringLiteral("rooms"), QJsonObject{}}}) << 0 << QString()
            << int(MatrixError::Kind::InvalidResponse);
    }

    void refusalsStopUntilRetried()
    {
        QFETCH(CannedResponse, refusal);
        QFETCH(int, status);
        QFETCH(QString, errcode);
        QFETCH(int, kind);
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(refusal);
        FaultLoop f(server.url());
        f.loop.start(QStringLiteral("s7"));

        QTRY_COMPARE_WITH_TIMEOUT(f.fatal.count(), 1, 5000);
        QCOMPARE(f.loop.connectionState(), ConnectionState::Stopped);
        QVERIFY(!f.loop.isRunning());
        const MatrixError error = f.fatal.first().at(0).value<MatrixError>();
        QCOMPARE(int(error.kind), kind);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.errcode, errcode);
        QCOMPARE(f.loop.lastError().errcode, errcode);
        QCOMPARE(int(f.loop.lastError().kind), kind);
        QCOMPARE(f.retries.count(), 0);
        // Stopped means stopped: with 100 ms backoff, a retrying loop would have sent several more by now.
        QTest::qWait(700);
        QCOMPARE(server.requestCount(), 1);
        QCOMPARE(f.loop.connectionState(), ConnectionState::Stopped);

        // Someone fixed it: Retry picks up where the loop stopped.
        server.setDefaultResponse(CannedResponse::silence());
        server.enqueue(syncOk(QStringLiteral("s8")));
        f.loop.retryNow();
        QCOMPARE(f.loop.connectionState(), ConnectionState::Connecting);
        QVERIFY(f.loop.lastError().ok());
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 5000);
        QCOMPARE(sinceOf(server.requests().at(1)), QStringLiteral("s7"));
        QCOMPARE(f.synced.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.since(), QStringLiteral("s8"), 5000);
    }

    // The token is gone: the loop stops and says so (the session signs out, see test_session_sync).
    void unknownTokenStops()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.setDefaultResponse(CannedResponse::matrixError(401, QStringLiteral("M_UNKNOWN_TOKEN")));
        FaultLoop f(server.url());
        QSignalSpy tokenLost(&f.http, &HttpClient::unknownToken);
        f.loop.start(QStringLiteral("s1"));
        QTRY_COMPARE_WITH_TIMEOUT(f.fatal.count(), 1, 5000);
        QVERIFY(f.fatal.first().at(0).value<MatrixError>().isUnknownToken());
        QCOMPARE(tokenLost.count(), 1);
        QCOMPARE(f.loop.connectionState(), ConnectionState::Stopped);
        QTest::qWait(500);
        QCOMPARE(server.requestCount(), 1);
    }

    // A certificate nobody vouches for is never accepted, and never silently retried.
    void untrustedCertificateStopsUntilRetried()
    {
        UntrustedTlsServer tls;
        QString error;
        QVERIFY2(tls.listen(&error), qPrintable(error));
        FaultLoop f(tls.url());
        f.loop.start(QStringLiteral("s1"));
        QTRY_COMPARE_WITH_TIMEOUT(f.fatal.count(), 1, 10000);
        QCOMPARE(f.loop.connectionState(), ConnectionState::Stopped);
        QCOMPARE(f.loop.lastError().kind, MatrixError::Kind::Tls);
        QCOMPARE(f.retries.count(), 0);
        f.loop.retryNow(); // the person pressed Retry: one more attempt, same verdict
        QTRY_COMPARE_WITH_TIMEOUT(f.fatal.count(), 2, 10000);
        QCOMPARE(f.loop.connectionState(), ConnectionState::Stopped);
    }

    // While waiting to retry a transient failure, retryNow() tries at once instead of waiting it out.
    void retryNowSkipsTheWait()
    {
        FaultHttpServer server;
        QVERIFY(server.listen());
        server.enqueue(CannedResponse::matrixError(429, QStringLiteral("M_LIMIT_EXCEEDED"),
                                                   {{QStringLiteral("retry_after_ms"), 60000}}));
        server.enqueue(syncOk(QStringLiteral("s2")));
        server.setDefaultResponse(CannedResponse::silence());
        FaultLoop f(server.url());
        f.loop.start();
        QTRY_COMPARE_WITH_TIMEOUT(f.retries.count(), 1, 5000);
        QCOMPARE(f.retryDelay(0), 60000);
        f.loop.retryNow();
        QTRY_COMPARE_WITH_TIMEOUT(f.loop.connectionState(), ConnectionState::Connected, 5000);
    }

    void startKeepsSinceAndStopIsIdempotent()
    {
        HttpClient http;
        http.setHomeserver(refusingServer());
        SyncLoop loop(&http);
        loop.start(QStringLiteral("s123"));
        QCOMPARE(loop.since(), QStringLiteral("s123"));
        loop.stop();
        loop.stop();
        QCOMPARE(loop.connectionState(), ConnectionState::Disconnected);
        QCOMPARE(loop.since(), QStringLiteral("s123"));
    }
};

QTEST_GUILESS_MAIN(TestSyncLoop)
#include "test_sync_loop.moc"
