// Every way a /sync can fail falls in exactly one class: retried with backoff, token lost, or stopped.
#include "sync/sync_failure.h"

#include <QTest>

using namespace estafette;

Q_DECLARE_METATYPE(estafette::SyncFailure)

class TestSyncFailure : public QObject {
    Q_OBJECT
private slots:
    void classifies_data()
    {
        QTest::addColumn<MatrixError>("error");
        QTest::addColumn<SyncFailure>("expected");
        const auto transient = SyncFailure::Transient;
        const auto permanent = SyncFailure::Permanent;
        const auto html = QByteArrayLiteral("<html><body>Bad gateway</body></html>");

        QTest::newRow("network") << MatrixError::network(QStringLiteral("refused")) << transient;
        QTest::newRow("timeout") << MatrixError::timeout() << transient;
        QTest::newRow("no HTTP status") << MatrixError::invalidResponse(QStringLiteral("no HTTP status")) << transient;
        QTest::newRow("500 M_UNKNOWN") << MatrixError::fromHttp(500, R"({"errcode":"M_UNKNOWN"})") << transient;
        QTest::newRow("502 html") << MatrixError::fromHttp(502, html) << transient;
        QTest::newRow("503 empty") << MatrixError::fromHttp(503, {}) << transient;
        QTest::newRow("504") << MatrixError::fromHttp(504, {}) << transient;
        QTest::newRow("429 Retry-After") << MatrixError::fromHttp(429, {}, "3") << transient;
        QTest::newRow("429 M_LIMIT_EXCEEDED")
            << MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2000})") << transient;
        QTest::newRow("408") << MatrixError::fromHttp(408, {}) << transient;
        // Pages from something between us and the homeserver (proxy, captive portal, maintenance page).
        QTest::newRow("403 proxy page") << MatrixError::fromHttp(403, html) << transient;
        QTest::newRow("404 proxy page") << MatrixError::fromHttp(404, html) << transient;
        QTest::newRow("407 proxy auth") << MatrixError::fromHttp(407, {}) << transient;

        QTest::newRow("M_UNKNOWN_TOKEN") << MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN"})")
                                         << SyncFailure::TokenLost;
        QTest::newRow("M_UNKNOWN_TOKEN soft")
            << MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN","soft_logout":true})")
            << SyncFailure::TokenLost;

        QTest::newRow("tls") << MatrixError::tls(QStringLiteral("self-signed")) << permanent;
        QTest::newRow("403 M_FORBIDDEN") << MatrixError::fromHttp(403, R"({"errcode":"M_FORBIDDEN"})") << permanent;
        QTest::newRow("401 M_USER_LOCKED")
            << MatrixError::fromHttp(401, R"({"errcode":"M_USER_LOCKED","soft_logout":true})") << permanent;
        QTest::newRow("400 M_BAD_JSON") << MatrixError::fromHttp(400, R"({"errcode":"M_BAD_JSON"})") << permanent;
        QTest::newRow("400 M_UNKNOWN") << MatrixError::fromHttp(400, R"({"errcode":"M_UNKNOWN"})") << permanent;
        QTest::newRow("404 M_UNRECOGNIZED")
            << MatrixError::fromHttp(404, R"({"errcode":"M_UNRECOGNIZED"})") << permanent;
        QTest::newRow("302 elsewhere") << MatrixError::fromHttp(302, {}) << permanent;
    }

    void classifies()
    {
        QFETCH(MatrixError, error);
        QFETCH(SyncFailure, expected);
        QCOMPARE(classifySyncFailure(error), expected);
    }
};

QTEST_GUILESS_MAIN(TestSyncFailure)
#include "test_sync_failure.moc"
