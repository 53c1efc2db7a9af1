// SyncLoop against a port nobody listens on: real connection failures drive the state machine and backoff.
// (Successful syncs and permanent errors are exercised against Synapse in the integration tests.)
#include "net/http_client.h"
#include "sync/sync_loop.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace estafette;

namespace {

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
