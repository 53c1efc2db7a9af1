#include "net/retry_policy.h"

#include <QTest>

using estafette::MatrixError;
using estafette::RetryPolicy;

namespace {
MatrixError serverError() { return MatrixError::fromHttp(500, {}); }
} // namespace

class TestRetryPolicy : public QObject {
    Q_OBJECT
private slots:
    void exponentialGrowth()
    {
        const RetryPolicy p{0, 500, 30000};
        QCOMPARE(p.delayAfter(1, serverError()), 500);
        QCOMPARE(p.delayAfter(2, serverError()), 1000);
        QCOMPARE(p.delayAfter(3, serverError()), 2000);
        QCOMPARE(p.delayAfter(4, serverError()), 4000);
        QCOMPARE(p.delayAfter(6, serverError()), 16000);
    }

    void capped()
    {
        const RetryPolicy p{0, 500, 30000};
        QCOMPARE(p.delayAfter(7, serverError()), 30000);
        QCOMPARE(p.delayAfter(50, serverError()), 30000);
        QCOMPARE(p.delayAfter(100000, serverError()), 30000); // no overflow
        const RetryPolicy small{0, 100, 250};
        QCOMPARE(small.delayAfter(3, serverError()), 250);
    }

    void serverRetryAfterWins()
    {
        const RetryPolicy p{0, 500, 30000};
        MatrixError e = MatrixError::fromHttp(429, R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":45000})");
        QCOMPARE(p.delayAfter(1, e), 45000);  // above maxDelayMs: not capped by it
        e.retryAfterMs = 20;
        QCOMPARE(p.delayAfter(5, e), 20);     // below the exponential value: still used
        e.retryAfterMs = 0;
        QCOMPARE(p.delayAfter(1, e), 0);
        e.retryAfterMs = 60 * 60 * 1000;
        QCOMPARE(p.delayAfter(1, e), 5 * 60 * 1000); // capped at 5 minutes
    }

    void permanentErrorsNotRetried()
    {
        const RetryPolicy p = RetryPolicy::unlimited();
        QVERIFY(!p.shouldRetry(1, MatrixError::fromHttp(403, R"({"errcode":"M_FORBIDDEN"})")));
        QVERIFY(!p.shouldRetry(1, MatrixError::fromHttp(400, {})));
        QVERIFY(!p.shouldRetry(1, MatrixError::fromHttp(401, R"({"errcode":"M_UNKNOWN_TOKEN"})")));
        QVERIFY(!p.shouldRetry(1, MatrixError::tls(QStringLiteral("bad cert"))));
        QVERIFY(!p.shouldRetry(1, MatrixError::cancelled()));
        QVERIFY(!p.shouldRetry(1, MatrixError::invalidResponse(QStringLiteral("x"))));
        QVERIFY(!p.shouldRetry(1, MatrixError()));
    }

    void transientErrorsRetried()
    {
        const RetryPolicy p;
        QVERIFY(p.shouldRetry(1, serverError()));
        QVERIFY(p.shouldRetry(1, MatrixError::network(QStringLiteral("refused"))));
        QVERIFY(p.shouldRetry(1, MatrixError::timeout()));
        QVERIFY(p.shouldRetry(1, MatrixError::fromHttp(429, {})));
    }

    void maxAttempts()
    {
        const RetryPolicy p{3, 10, 100};
        QVERIFY(p.shouldRetry(1, serverError()));
        QVERIFY(p.shouldRetry(2, serverError()));
        QVERIFY(!p.shouldRetry(3, serverError()));
        QVERIFY(!p.shouldRetry(4, serverError()));

        QVERIFY(!RetryPolicy::none().shouldRetry(1, serverError()));

        const RetryPolicy unlimited{0, 10, 100};
        QVERIFY(unlimited.shouldRetry(1000000, serverError()));
    }

    void rateLimitOnly()
    {
        const RetryPolicy p = RetryPolicy::rateLimitsOnly();
        QVERIFY(p.shouldRetry(1, MatrixError::fromHttp(429, {})));
        QVERIFY(p.shouldRetry(1, MatrixError::fromHttp(400, R"({"errcode":"M_LIMIT_EXCEEDED"})")));
        QVERIFY(!p.shouldRetry(1, serverError()));
        QVERIFY(!p.shouldRetry(1, MatrixError::network(QStringLiteral("reset"))));
        QVERIFY(!p.shouldRetry(1, MatrixError::timeout()));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "test_retry_policy.moc"
