#include "net/homeserver_discovery.h"
#include "net/http_client.h"
#include "support/fault_http_server.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace estafette;
using estafette::test::CannedResponse;
using estafette::test::FaultHttpServer;
using Failure = HomeserverDiscovery::Failure;

namespace {
QJsonObject versionsBody()
{
    return {{QStringLiteral("versions"), QJsonArray{QStringLiteral("v1.1"), QStringLiteral("v1.11")}}};
}
} // namespace

class TestDiscovery : public QObject {
    Q_OBJECT
private:
    FaultHttpServer *server = nullptr;
    HttpClient *http = nullptr;
    HomeserverDiscovery *discovery = nullptr;

    Failure expectFailure(const QString &input)
    {
        QSignalSpy failed(discovery, &HomeserverDiscovery::failed);
        QSignalSpy resolved(discovery, &HomeserverDiscovery::resolved);
        discovery->start(input);
        if (!failed.wait(20000))
            qFatal("discovery did not fail");
        QTest::qWait(50);
        if (failed.count() != 1 || resolved.count() != 0)
            qFatal("discovery reported more than once");
        return failed.first().first().value<Failure>();
    }

private slots:
    void init()
    {
        server = new FaultHttpServer(this);
        QVERIFY(server->listen());
        http = new HttpClient(this);
        discovery = new HomeserverDiscovery(http, this);
    }

    void cleanup()
    {
        delete discovery;
        delete http;
        delete server;
    }

    void explicitUrlResolved()
    {
        server->enqueue(CannedResponse::json(200, versionsBody()));
        QSignalSpy resolved(discovery, &HomeserverDiscovery::resolved);
        discovery->start(server->url().toString() + QStringLiteral("/"));
        QVERIFY(resolved.wait(10000));
        QCOMPARE(resolved.first().at(0).toUrl(), server->url());
        QCOMPARE(resolved.first().at(1).toStringList(), (QStringList{QStringLiteral("v1.1"), QStringLiteral("v1.11")}));
        QCOMPARE(server->requestCount(), 1);
        QCOMPARE(server->requests()[0].target, QByteArray("/_matrix/client/versions"));
        QVERIFY(server->requests()[0].header("Authorization").isEmpty());
    }

    void explicitUrlWithPath()
    {
        server->enqueue(CannedResponse::json(200, versionsBody()));
        QSignalSpy resolved(discovery, &HomeserverDiscovery::resolved);
        discovery->start(server->url().toString() + QStringLiteral("/matrix/"));
        QVERIFY(resolved.wait(10000));
        QCOMPARE(resolved.first().at(0).toUrl().path(), QStringLiteral("/matrix"));
        QCOMPARE(server->requests()[0].target, QByteArray("/matrix/_matrix/client/versions"));
    }

    void htmlIsNotMatrix()
    {
        server->enqueue(CannedResponse::raw(200, "<html><body>Welcome to nginx!</body></html>"));
        QCOMPARE(expectFailure(server->url().toString()), Failure::NotMatrix);
    }

    void jsonWithoutVersionsIsNotMatrix()
    {
        server->enqueue(CannedResponse::json(200, {{QStringLiteral("hello"), QStringLiteral("world")}}));
        QCOMPARE(expectFailure(server->url().toString()), Failure::NotMatrix);
    }

    void notFoundIsNotMatrix()
    {
        server->enqueue(CannedResponse::raw(404, "not found"));
        QCOMPARE(expectFailure(server->url().toString()), Failure::NotMatrix);
    }

    void closedPortUnreachable()
    {
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(FaultHttpServer::closedPort());
        QCOMPARE(expectFailure(url), Failure::Unreachable);
    }

    void bareNameClosedPortUnreachable()
    {
        // https://127.0.0.1:<port>/.well-known fails, then https://127.0.0.1:<port> fails: never plain http.
        const QString name = QStringLiteral("127.0.0.1:%1").arg(FaultHttpServer::closedPort());
        QCOMPARE(expectFailure(name), Failure::Unreachable);
    }

    void invalidInput()
    {
        QCOMPARE(expectFailure(QStringLiteral("not a server")), Failure::InvalidInput);
        QCOMPARE(expectFailure(QString()), Failure::InvalidInput);
        QCOMPARE(expectFailure(QStringLiteral("ftp://example.org")), Failure::InvalidInput);
        QCOMPARE(server->requestCount(), 0);
    }

    void cancelSilences()
    {
        server->enqueue(CannedResponse::silence());
        QSignalSpy failed(discovery, &HomeserverDiscovery::failed);
        QSignalSpy resolved(discovery, &HomeserverDiscovery::resolved);
        discovery->start(server->url().toString());
        QVERIFY(server->waitForRequests(1));
        discovery->cancel();
        QTest::qWait(200);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(resolved.count(), 0);
    }

    void restartReplacesPrevious()
    {
        server->enqueue(CannedResponse::silence());
        server->enqueue(CannedResponse::json(200, versionsBody()));
        QSignalSpy failed(discovery, &HomeserverDiscovery::failed);
        QSignalSpy resolved(discovery, &HomeserverDiscovery::resolved);
        discovery->start(QStringLiteral("bad input here"));
        discovery->start(server->url().toString());
        QVERIFY(server->waitForRequests(1));
        discovery->start(server->url().toString());
        QVERIFY(resolved.wait(10000));
        QTest::qWait(100);
        QCOMPARE(resolved.count(), 1);
        QCOMPARE(failed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDiscovery)
#include "test_discovery.moc"
