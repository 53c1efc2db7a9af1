// MxcUri: content URIs as the spec allows them, and nothing else (they go into request paths and cache keys).
#include "media/mxc_uri.h"

#include <QTest>

using namespace estafette;

class TestMxcUri : public QObject {
    Q_OBJECT
private slots:
    void valid_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("mediaId");
        QTest::newRow("host") << "mxc://example.org/AbCdEf0123_-x" << "example.org" << "AbCdEf0123_-x";
        QTest::newRow("host with port") << "mxc://matrix.example.org:8448/abc" << "matrix.example.org:8448" << "abc";
        QTest::newRow("localhost") << "mxc://localhost/x" << "localhost" << "x";
        QTest::newRow("ipv4") << "mxc://127.0.0.1:8008/id" << "127.0.0.1:8008" << "id";
        QTest::newRow("ipv6") << "mxc://[::1]/id" << "[::1]" << "id";
        QTest::newRow("ipv6 with port") << "mxc://[2001:db8::7]:8448/id" << "[2001:db8::7]:8448" << "id";
        QTest::newRow("synapse-like id") << "mxc://localhost/VbHRLmvCKkUZxVrUcZUybQxt"
                                         << "localhost" << "VbHRLmvCKkUZxVrUcZUybQxt";
    }
    void valid()
    {
        QFETCH(QString, uri);
        QFETCH(QString, server);
        QFETCH(QString, mediaId);
        const MxcUri parsed = MxcUri::parse(uri);
        QVERIFY(parsed.isValid());
        QCOMPARE(parsed.serverName(), server);
        QCOMPARE(parsed.mediaId(), mediaId);
        QCOMPARE(parsed.toString(), uri);
        QCOMPARE(MxcUri::parse(parsed.toString()), parsed);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::newRow("empty") << "";
        QTest::newRow("scheme only") << "mxc://";
        QTest::newRow("http") << "https://example.org/abc";
        QTest::newRow("upper-case scheme") << "MXC://example.org/abc";
        QTest::newRow("no media id") << "mxc://example.org/";
        QTest::newRow("no slash") << "mxc://example.org";
        QTest::newRow("no server") << "mxc:///abc";
        QTest::newRow("extra path") << "mxc://example.org/abc/def";
        QTest::newRow("dot dot") << "mxc://example.org/..";
        QTest::newRow("traversal") << "mxc://example.org/../../etc/passwd";
        QTest::newRow("query") << "mxc://example.org/abc?x=1";
        QTest::newRow("fragment") << "mxc://example.org/abc#x";
        QTest::newRow("percent escape") << "mxc://example.org/a%2Fb";
        QTest::newRow("space") << "mxc://example.org/a b";
        QTest::newRow("dot in id") << "mxc://example.org/a.b";
        QTest::newRow("non-ascii id") << QString::fromUtf8("mxc://example.org/é");
        QTest::newRow("non-ascii server") << QString::fromUtf8("mxc://exämple.org/abc");
        QTest::newRow("userinfo") << "mxc://user@example.org/abc";
        QTest::newRow("port zero") << "mxc://example.org:0/abc";
        QTest::newRow("port too big") << "mxc://example.org:65536/abc";
        QTest::newRow("port letters") << "mxc://example.org:80a/abc";
        QTest::newRow("empty port") << "mxc://example.org:/abc";
        QTest::newRow("two ports") << "mxc://example.org:80:81/abc";
        QTest::newRow("unclosed ipv6") << "mxc://[::1/abc";
        QTest::newRow("ipv6 junk") << "mxc://[::1]x/abc";
        QTest::newRow("ipv6 letters") << "mxc://[::g]/abc";
        QTest::newRow("backslash") << "mxc://example.org\\abc/def";
        QTest::newRow("newline") << "mxc://example.org/abc\n";
        QTest::newRow("nul") << QString("mxc://example.org/ab") + QChar(0) + "c";
        QTest::newRow("long id") << "mxc://example.org/" + QString(256, 'a');
        QTest::newRow("long server") << "mxc://" + QString(256, 'a') + "/abc";
    }
    void invalid()
    {
        QFETCH(QString, uri);
        const MxcUri parsed = MxcUri::parse(uri);
        QVERIFY(!parsed.isValid());
        QVERIFY(parsed.serverName().isEmpty());
        QVERIFY(parsed.toString().isEmpty());
    }

    void limitsAreInclusive()
    {
        QVERIFY(MxcUri::parse("mxc://example.org/" + QString(255, 'a')).isValid());
        QVERIFY(MxcUri::parse("mxc://" + QString(255, 'a') + "/abc").isValid());
        QVERIFY(MxcUri::parse("mxc://example.org:65535/abc").isValid());
        QVERIFY(MxcUri::parse("mxc://example.org:1/abc").isValid());
    }
};

QTEST_GUILESS_MAIN(TestMxcUri)
#include "test_mxc_uri.moc"
