#include "net/homeserver_discovery.h"

#include <QTest>

using estafette::ServerInput;

class TestServerInput : public QObject {
    Q_OBJECT
private slots:
    void valid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("serverName");
        QTest::addColumn<QString>("explicitUrl");
        QTest::newRow("bare") << "example.org" << "example.org" << QString();
        QTest::newRow("bare with spaces around") << "  example.org \n" << "example.org" << QString();
        QTest::newRow("upper case") << "Example.ORG" << "example.org" << QString();
        QTest::newRow("port") << "example.org:8448" << "example.org:8448" << QString();
        QTest::newRow("https trailing slash")
            << "https://matrix.example.org/" << "matrix.example.org" << "https://matrix.example.org";
        QTest::newRow("https no slash")
            << "https://matrix.example.org" << "matrix.example.org" << "https://matrix.example.org";
        QTest::newRow("https with path")
            << "https://example.org/matrix/" << "example.org" << "https://example.org/matrix";
        QTest::newRow("http ip port") << "http://127.0.0.1:8008" << "127.0.0.1:8008" << "http://127.0.0.1:8008";
        QTest::newRow("user id") << "@alice:example.org" << "example.org" << QString();
        QTest::newRow("user id with port") << "@alice:example.org:8448" << "example.org:8448" << QString();
        QTest::newRow("ipv4") << "127.0.0.1:8008" << "127.0.0.1:8008" << QString();
        QTest::newRow("ipv6") << "[::1]:8448" << "[::1]:8448" << QString();
        QTest::newRow("idn") << QString::fromUtf8("exämple.fr") << "xn--exmple-cua.fr" << QString();
    }

    void valid()
    {
        QFETCH(QString, text);
        QFETCH(QString, serverName);
        QFETCH(QString, explicitUrl);
        const ServerInput input = ServerInput::parse(text);
        QVERIFY2(input.valid, qPrintable(input.error));
        QCOMPARE(input.serverName, serverName);
        if (explicitUrl.isEmpty())
            QVERIFY(input.explicitUrl.isEmpty());
        else
            QCOMPARE(input.explicitUrl.toString(), explicitUrl);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("blank") << "   ";
        QTest::newRow("inner space") << "exa mple.org";
        QTest::newRow("tab") << "example\t.org";
        QTest::newRow("ftp") << "ftp://example.org";
        QTest::newRow("scheme only") << "https://";
        QTest::newRow("query") << "https://example.org/?a=b";
        QTest::newRow("user info") << "https://bob:pw@example.org";
        QTest::newRow("user id without server") << "@alice";
        QTest::newRow("user id empty localpart") << "@:example.org";
        QTest::newRow("port zero") << "example.org:0";
        QTest::newRow("port too big") << "example.org:70000";
        QTest::newRow("port not a number") << "example.org:abc";
        QTest::newRow("empty port") << "example.org:";
        QTest::newRow("bad char") << "exa_mple!.org";
        QTest::newRow("path without scheme") << "example.org/matrix";
        QTest::newRow("unclosed ipv6") << "[::1:8448";
    }

    void invalid()
    {
        QFETCH(QString, text);
        const ServerInput input = ServerInput::parse(text);
        QVERIFY2(!input.valid, qPrintable(input.serverName));
        QVERIFY(!input.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestServerInput)
#include "test_server_input.moc"
