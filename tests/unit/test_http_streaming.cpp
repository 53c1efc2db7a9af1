// HttpClient's streamed bodies: uploads read from a QIODevice (retries start again from where it was), downloads
// written into a QIODevice as they arrive (size cap, a body cut short detected, error answers kept out of the
// sink), progress and cancel. Faults a real homeserver can't produce on demand come from FaultHttpServer; the
// real-server path is in integration/test_media_transfer.
#include "net/http_client.h"
#include "support/fault_http_server.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

using namespace estafette;
using estafette::test::CannedResponse;
using estafette::test::FaultHttpServer;
using Kind = MatrixError::Kind;
using BodyProblem = HttpResponse::BodyProblem;

namespace {

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator rng(42);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

RequestOptions fast(int maxAttempts = 3)
{
    RequestOptions options;
    options.retry = RetryPolicy{maxAttempts, 10, 50};
    options.timeoutMs = 5000;
    return options;
}

HttpResponse waitFinished(QSignalSpy &spy, int timeoutMs = 10000)
{
    if (spy.isEmpty() && !spy.wait(timeoutMs))
        return {};
    return spy.first().first().value<HttpResponse>();
}

// A device that can be read once, front to back (like a pipe): what was sent can't be sent again.
class OneWayDevice : public QIODevice {
public:
    explicit OneWayDevice(QByteArray data) : m_data(std::move(data)) { open(ReadOnly); }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = qMin(max, qint64(m_data.size() - m_pos));
        memcpy(out, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_pos = 0;
};

} // namespace

class TestHttpStreaming : public QObject {
    Q_OBJECT
    FaultHttpServer *server = nullptr;
    HttpClient *http = nullptr;

private slots:
    void init()
    {
        server = new FaultHttpServer(this);
        QVERIFY(server->listen());
        http = new HttpClient(this);
        http->setHomeserver(server->url());
        http->setAccessToken(QStringLiteral("secret-token"));
    }
    void cleanup()
    {
        delete http;
        delete server;
        http = nullptr;
        server = nullptr;
    }

    void uploadStreamsTheDeviceWithProgress()
    {
        const QByteArray data = randomBytes(700 * 1024);
        QTemporaryFile file;
        QVERIFY(file.open());
        QCOMPARE(file.write(data), data.size());
        QVERIFY(file.seek(0));
        server->enqueue(CannedResponse::json(200, {{"content_uri", "mxc://x/abc"}}));
        RequestOptions options = fast();
        options.contentType = "image/png";
        PendingRequest *req = http->upload("POST", "/_matrix/media/v3/upload", {}, &file, data.size(), options);
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy progress(req, &PendingRequest::uploadProgress);
        const HttpResponse response = waitFinished(finished);
        QVERIFY2(response.ok(), qPrintable(response.error.message));
        QCOMPARE(response.json().value("content_uri").toString(), QStringLiteral("mxc://x/abc"));
        QCOMPARE(server->requestCount(), 1);
        const auto request = server->requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.header("content-type"), QByteArray("image/png"));
        QCOMPARE(request.header("content-length"), QByteArray::number(data.size()));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer secret-token"));
        QVERIFY(request.body == data);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(data.size()));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(data.size()));
    }

    void retriedUploadStartsAgainFromWhereTheDeviceWas()
    {
        const QByteArray data = randomBytes(200 * 1024);
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(data);
        QVERIFY(file.seek(1000)); // the body is what follows the first 1000 bytes
        server->enqueue(CannedResponse::matrixError(503, "M_UNKNOWN"));
        server->enqueue(CannedResponse::json(200, {{"content_uri", "mxc://x/abc"}}));
        PendingRequest *req = http->upload("POST", "/up", {}, &file, data.size() - 1000, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QVERIFY2(response.ok(), qPrintable(response.error.message));
        QCOMPARE(server->requestCount(), 2);
        QVERIFY(server->requests().at(0).body == data.mid(1000));
        QVERIFY(server->requests().at(1).body == data.mid(1000));
    }

    void sequentialUploadIsNotRetried()
    {
        OneWayDevice device(randomBytes(10 * 1024));
        server->enqueue(CannedResponse::matrixError(503, "M_UNKNOWN"));
        server->enqueue(CannedResponse::json(200, {}));
        PendingRequest *req = http->upload("POST", "/up", {}, &device, 10 * 1024, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Matrix);
        QCOMPARE(response.httpStatus, 503);
        QCOMPARE(server->requestCount(), 1);
    }

    void downloadWritesTheBodyIntoTheSink()
    {
        const QByteArray data = randomBytes(900 * 1024);
        server->enqueue(CannedResponse::raw(200, data, "image/jpeg"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy progress(req, &PendingRequest::downloadProgress);
        const HttpResponse response = waitFinished(finished);
        QVERIFY2(response.ok(), qPrintable(response.error.message));
        QVERIFY(response.body.isEmpty());
        QCOMPARE(response.bodySize, qint64(data.size()));
        QCOMPARE(response.contentType, QByteArray("image/jpeg"));
        QVERIFY(sink.data() == data);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(data.size()));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(data.size()));
        const auto request = server->requests().first();
        QCOMPARE(request.header("accept-encoding"), QByteArray("identity"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer secret-token"));
    }

    void errorAnswerStaysOutOfTheSink()
    {
        server->enqueue(CannedResponse::matrixError(404, "M_NOT_FOUND"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Matrix);
        QCOMPARE(response.error.errcode, QStringLiteral("M_NOT_FOUND"));
        QCOMPARE(response.httpStatus, 404);
        QVERIFY(sink.data().isEmpty());
        QCOMPARE(response.bodySize, 0);
        QCOMPARE(response.bodyProblem, BodyProblem::None);
    }

    void downloadRetriedWhileNothingWasWritten()
    {
        const QByteArray data = randomBytes(100 * 1024);
        server->enqueue(CannedResponse::raw(502, "<html>bad gateway</html>"));
        server->enqueue(CannedResponse::raw(200, data, "application/octet-stream"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QVERIFY2(response.ok(), qPrintable(response.error.message));
        QCOMPARE(server->requestCount(), 2);
        QVERIFY(sink.data() == data); // the 502 page never went in
    }

    void bodyCutShortIsDetectedAndNotRetried()
    {
        const QByteArray data = randomBytes(300 * 1024);
        CannedResponse cut = CannedResponse::raw(200, data, "application/octet-stream");
        cut.declaredLength = data.size() + 5000;
        server->enqueue(cut);
        server->enqueue(CannedResponse::raw(200, data, "application/octet-stream"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy retrying(req, &PendingRequest::retrying);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.bodyProblem, BodyProblem::Truncated);
        QCOMPARE(response.error.kind, Kind::Network); // transient: the owner of the sink may start over
        QVERIFY(response.error.isTransient());
        // Not retried into a sink that already holds part of a body. (QNAM itself may resend a GET whose
        // connection dropped and append the second answer: then more than announced came, refused the same way.)
        QVERIFY(retrying.isEmpty());
        QVERIFY(response.bodySize == data.size() || response.bodySize <= cut.declaredLength);
        QVERIFY(sink.data().startsWith(data.left(qMin<qsizetype>(sink.data().size(), data.size()))));
    }

    void announcedBodyOverTheLimitIsRefusedUnread()
    {
        server->enqueue(CannedResponse::raw(200, randomBytes(4000), "application/octet-stream"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        RequestOptions options = fast();
        options.maxBodySize = 1000;
        PendingRequest *req = http->download("/dl", {}, &sink, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.bodyProblem, BodyProblem::TooLarge);
        QCOMPARE(response.error.kind, Kind::InvalidResponse);
        QVERIFY(!response.error.isTransient());
        QVERIFY(sink.data().isEmpty());
        QCOMPARE(server->requestCount(), 1);
    }

    void bodyAtTheLimitIsAccepted()
    {
        const QByteArray data = randomBytes(1000);
        server->enqueue(CannedResponse::raw(200, data, "application/octet-stream"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        RequestOptions options = fast();
        options.maxBodySize = 1000;
        PendingRequest *req = http->download("/dl", {}, &sink, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        QVERIFY(waitFinished(finished).ok());
        QVERIFY(sink.data() == data);
    }

    void sinkRefusingWritesEndsTheRequest()
    {
        server->enqueue(CannedResponse::raw(200, randomBytes(2000), "application/octet-stream"));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::ReadOnly)); // writes fail
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.bodyProblem, BodyProblem::SinkFailed);
        QVERIFY(!response.ok());
        QVERIFY(!response.error.isTransient());
    }

    void cancelMidBody()
    {
        CannedResponse stall = CannedResponse::raw(200, randomBytes(64 * 1024), "application/octet-stream");
        stall.declaredLength = 10 * 1024 * 1024;
        stall.holdOpen = true;
        server->enqueue(stall);
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        PendingRequest *req = http->download("/dl", {}, &sink, fast());
        QPointer<PendingRequest> guard(req);
        QSignalSpy finished(req, &PendingRequest::finished);
        QSignalSpy progress(req, &PendingRequest::downloadProgress);
        QVERIFY(progress.wait(5000));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(10 * 1024 * 1024));
        req->cancel();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<HttpResponse>().error.kind, Kind::Cancelled);
        QTRY_VERIFY(guard.isNull());
    }

    void stalledBodyTimesOutAfterInactivity()
    {
        CannedResponse stall = CannedResponse::raw(200, randomBytes(1000), "application/octet-stream");
        stall.declaredLength = 5000;
        stall.holdOpen = true;
        server->enqueue(stall);
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        RequestOptions options = fast();
        options.timeoutMs = 300;
        PendingRequest *req = http->download("/dl", {}, &sink, options);
        QSignalSpy finished(req, &PendingRequest::finished);
        const HttpResponse response = waitFinished(finished);
        QCOMPARE(response.error.kind, Kind::Timeout);
        QCOMPARE(response.bodySize, 1000);
        QCOMPARE(server->requestCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHttpStreaming)
#include "test_http_streaming.moc"
