// StagedFileUploader and the server's upload limit, without a server: a staged file over a known limit is refused
// as the server would refuse it (413 M_TOO_LARGE, a permanent error), never from within upload(); an upload that
// keeps failing (no server listening) says it is retrying, and is stopped the same way once a limit it is over
// becomes known; cancel() before the answer silences it; files under the limit are not affected.
#include "api/media_api.h"
#include "media/encrypted_file_writer.h"
#include "media/staged_file_uploader.h"
#include "net/http_client.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace estafette;

namespace {

struct Outcome {
    int calls = 0;
    MatrixError error;
    QString uri;
};

} // namespace

class TestMediaStagedFileUploader : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    HttpClient m_http;
    MediaApi m_api{&m_http};

    StagedFile stage(qint64 size)
    {
        EncryptedFileWriter writer(m_dir.path(), QStringLiteral("staging"));
        if (!writer.open().ok() || !writer.write(QByteArray(size, 'x')).ok())
            return {};
        return writer.finish().file;
    }

    AttachmentUploader::Request request(const StagedFile &file)
    {
        AttachmentUploader::Request r;
        r.file = file;
        r.asCiphertext = true;
        return r;
    }

    static AttachmentUploader::Done recorder(Outcome *outcome)
    {
        return [outcome](const MatrixError &error, const QString &uri) {
            ++outcome->calls;
            outcome->error = error;
            outcome->uri = uri;
        };
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A port nothing listens on: every attempt fails at once, as when the server is down.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        m_http.setHomeserver(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        m_http.setAccessToken(QStringLiteral("token"));
    }

    void overAKnownLimit_refusedAsTooLarge_neverWithinUpload()
    {
        StagedFileUploader uploader(&m_api, m_dir.path());
        uploader.setUploadLimit(1000);
        const StagedFile file = stage(1001);
        QVERIFY(file.isValid());
        Outcome outcome;
        const quint64 id = uploader.upload(request(file), {}, recorder(&outcome));
        QVERIFY(id != 0);
        QCOMPARE(outcome.calls, 0);
        QTRY_COMPARE(outcome.calls, 1);
        QCOMPARE(outcome.error.httpStatus, 413);
        QCOMPARE(outcome.error.errcode, QStringLiteral("M_TOO_LARGE"));
        QVERIFY(!outcome.error.isTransient()); // the outbox fails the message instead of retrying
        QVERIFY(outcome.uri.isEmpty());
        QCOMPARE(uploader.activeUploads(), 0);

        // Cancelled before the answer: no answer.
        Outcome silenced;
        const quint64 other = uploader.upload(request(file), {}, recorder(&silenced));
        uploader.cancel(other);
        QTest::qWait(50);
        QCOMPARE(silenced.calls, 0);
        QCOMPARE(uploader.activeUploads(), 0);
    }

    void limitLearntWhileRetrying_stopsTheUploadsOverIt()
    {
        StagedFileUploader uploader(&m_api, m_dir.path());
        uploader.setRetryPolicy(RetryPolicy{0, 50, 100}); // without end, quickly
        QSignalSpy retrying(&uploader, &StagedFileUploader::retrying);
        Outcome big, small;
        uploader.upload(request(stage(5000)), {}, recorder(&big));
        uploader.upload(request(stage(500)), {}, recorder(&small));
        QTRY_VERIFY(retrying.size() >= 2);
        QCOMPARE(big.calls, 0);
        QCOMPARE(uploader.activeUploads(), 2);

        uploader.setUploadLimit(1000);
        QTRY_COMPARE(big.calls, 1);
        QCOMPARE(big.error.errcode, QStringLiteral("M_TOO_LARGE"));
        QCOMPARE(big.error.httpStatus, 413);
        // The one under the limit goes on trying.
        QTest::qWait(300);
        QCOMPARE(small.calls, 0);
        QCOMPARE(uploader.activeUploads(), 1);
        QCOMPARE(big.calls, 1);
    }

    void noLimit_nothingRefused()
    {
        StagedFileUploader uploader(&m_api, m_dir.path());
        uploader.setRetryPolicy(RetryPolicy::none());
        uploader.setUploadLimit(0);
        Outcome outcome;
        uploader.upload(request(stage(5000)), {}, recorder(&outcome));
        QTRY_COMPARE(outcome.calls, 1);
        QCOMPARE(outcome.error.kind, MatrixError::Kind::Network); // it was tried
    }
};

QTEST_GUILESS_MAIN(TestMediaStagedFileUploader)
#include "test_media_staged_file_uploader.moc"
