#include "net/matrix_error.h"

#include <QTest>

using estafette::MatrixError;
using Kind = MatrixError::Kind;

class TestMatrixError : public QObject {
    Q_OBJECT
private slots:
    void matrixBody()
    {
        const auto e = MatrixError::fromHttp(403, R"({"errcode":"M_FORBIDDEN","error":"You are not invited"})");
        QCOMPARE(e.kind, Kind::Matrix);
        QCOMPARE(e.httpStatus, 403);
        QCOMPARE(e.errcode, QStringLiteral("M_FORBIDDEN"));
        QCOMPARE(e.message, QStringLiteral("You are not invited"));
        QCOMPARE(e.retryAfterMs, -1);
        QVERIFY(!e.softLogout);
        QVERIFY(!e.isTransient());
        QVERIFY(!e.isRateLimited());
        QVERIFY(!e.ok());
    }

    void rateLimitedBody()
    {
        const auto e = MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":1500})");
        QCOMPARE(e.kind, Kind::Matrix);
        QCOMPARE(e.retryAfterMs, 1500);
        QVERIFY(e.isRateLimited());
        QVERIFY(e.isTransient());
    }

    void limitExceededWithOtherStatusIsRateLimited()
    {
        const auto e = MatrixError::fromHttp(400, R"({"errcode":"M_LIMIT_EXCEEDED"})");
        QVERIFY(e.isRateLimited());
        QVERIFY(e.isTransient());
    }

    void retryAfterHeader()
    {
        QCOMPARE(MatrixError::fromHttp(429, {}, "3").retryAfterMs, 3000);
        QCOMPARE(MatrixError::fromHttp(503, "<html>", " 0 ").retryAfterMs, 0);
        // HTTP-date form and garbage are ignored
        QCOMPARE(MatrixError::fromHttp(429, {}, "Wed, 21 Oct 2015 07:28:00 GMT").retryAfterMs, -1);
        QCOMPARE(MatrixError::fromHttp(429, {}, "-5").retryAfterMs, -1);
        QCOMPARE(MatrixError::fromHttp(429, {}, "1.5").retryAfterMs, -1);
        QCOMPARE(MatrixError::fromHttp(429, {}, "99999999999999999999999").retryAfterMs, -1);
        // An absurd but numeric value is clamped, never overflows
        QVERIFY(MatrixError::fromHttp(429, {}, "999999999999").retryAfterMs > 0);
    }

    void bodyRetryAfterWinsOverHeader()
    {
        const auto e = MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":250})", "10");
        QCOMPARE(e.retryAfterMs, 250);
        const auto headerOnly = MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED"})", "2");
        QCOMPARE(headerOnly.retryAfterMs, 2000);
    }

    void retryAfterMsOddValues()
    {
        QCOMPARE(MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":"1000"})").retryAfterMs, -1);
        QCOMPARE(MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":-3})").retryAfterMs, -1);
        const int huge = MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1e300})").retryAfterMs;
        QVERIFY(huge > 0);
    }

    void softLogout()
    {
        const auto soft = MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"expired","soft_logout":true})");
        QVERIFY(soft.isUnknownToken());
        QVERIFY(soft.softLogout);
        QVERIFY(!soft.isTransient());

        const auto hard = MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"gone"})");
        QVERIFY(hard.isUnknownToken());
        QVERIFY(!hard.softLogout);

        QVERIFY(!MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN","soft_logout":"yes"})").softLogout);
        QVERIFY(!MatrixError::fromHttp(403, R"({"errcode":"M_FORBIDDEN","soft_logout":true})").softLogout);
    }

    void malformedBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("html") << QByteArray("<html><body>Bad gateway</body></html>");
        QTest::newRow("array") << QByteArray(R"(["M_FORBIDDEN"])");
        // (plain literal: moc 6.4 mis-parses a raw string ending in `)"`)
        QTest::newRow("truncated") << QByteArray("{\"errcode\":\"M_FORB");
        QTest::newRow("errcode number") << QByteArray(R"({"errcode":42,"error":{"x":1}})");
        QTest::newRow("errcode empty") << QByteArray(R"({"errcode":""})");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe{\x01", 5);
        QTest::newRow("deep nesting") << QByteArray(100000, '[');
        QTest::newRow("huge") << (QByteArray(R"({"errcode":"M_X","error":")") + QByteArray(8 * 1024 * 1024, 'a') + "\"}");
    }

    void malformedBodies()
    {
        QFETCH(QByteArray, body);
        const auto e = MatrixError::fromHttp(502, body);
        QCOMPARE(e.kind, Kind::Http);
        QCOMPARE(e.httpStatus, 502);
        QVERIFY(e.errcode.isEmpty());
        QVERIFY(e.isTransient());
        QVERIFY(e.message.size() < 4096);
    }

    void transientClassification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("transient");
        QTest::newRow("400") << 400 << false;
        QTest::newRow("401") << 401 << false;
        QTest::newRow("403") << 403 << false;
        QTest::newRow("404") << 404 << false;
        QTest::newRow("413") << 413 << false;
        QTest::newRow("429") << 429 << true;
        QTest::newRow("500") << 500 << true;
        QTest::newRow("502") << 502 << true;
        QTest::newRow("503") << 503 << true;
        QTest::newRow("504") << 504 << true;
    }

    void transientClassification()
    {
        QFETCH(int, status);
        QFETCH(bool, transient);
        QCOMPARE(MatrixError::fromHttp(status, {}).isTransient(), transient);
        QCOMPARE(MatrixError::fromHttp(status, R"({"errcode":"M_UNKNOWN","error":"x"})").isTransient(), transient);
    }

    void transportKinds()
    {
        QVERIFY(MatrixError::network(QStringLiteral("refused")).isTransient());
        QCOMPARE(MatrixError::network(QStringLiteral("refused")).kind, Kind::Network);
        QVERIFY(MatrixError::timeout().isTransient());
        QVERIFY(!MatrixError::tls(QStringLiteral("self-signed")).isTransient());
        QCOMPARE(MatrixError::tls(QStringLiteral("x")).kind, Kind::Tls);
        QVERIFY(!MatrixError::cancelled().isTransient());
        QVERIFY(!MatrixError::invalidResponse(QStringLiteral("x")).isTransient());
        QVERIFY(!MatrixError().isTransient());
        QVERIFY(MatrixError().ok());
    }
};

QTEST_GUILESS_MAIN(TestMatrixError)
#include "test_matrix_error.moc"
