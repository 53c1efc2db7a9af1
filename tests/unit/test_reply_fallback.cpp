// stripReplyFallbackBody: the quote older clients put at the top of a reply's body goes (the spec's "Stripping
// the fallback"), and nothing else.
#include "text/reply_fallback.h"

#include <QTest>

using namespace estafette;

class TestReplyFallback : public QObject {
    Q_OBJECT
private slots:
    void strip_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("stripped");
        QTest::newRow("spec example") << "> <@alice:example.org> This is the original body\n\nThis is where the reply goes"
                                      << "This is where the reply goes";
        QTest::newRow("several quoted lines") << "> <@a:x> un\n> deux\n>\n> trois\n\nréponse\nsuite"
                                              << "réponse\nsuite";
        QTest::newRow("no empty line after") << "> <@a:x> q\nréponse" << "réponse";
        QTest::newRow("only the first empty line goes") << "> q\n\n\nréponse" << "\nréponse";
        QTest::newRow("windows line ends") << "> q\r\n\r\nréponse" << "réponse";
        QTest::newRow("no fallback") << "bonjour\n> pas une citation en tête" << "bonjour\n> pas une citation en tête";
        QTest::newRow("quote without space") << ">pas le préfixe\n\nx" << ">pas le préfixe\n\nx";
        QTest::newRow("quote later") << "réponse\n\n> citation" << "réponse\n\n> citation";
        QTest::newRow("nothing but quote") << "> seulement\n> une citation" << "> seulement\n> une citation";
        QTest::newRow("quote and empty line only") << "> q\n\n" << "> q\n\n";
        QTest::newRow("empty") << "" << "";
        QTest::newRow("nested quote in fallback") << "> > a\n> b\n\nc" << "c";
    }
    void strip()
    {
        QFETCH(QString, body);
        QFETCH(QString, stripped);
        QCOMPARE(stripReplyFallbackBody(body), stripped);
    }
};

QTEST_GUILESS_MAIN(TestReplyFallback)
#include "test_reply_fallback.moc"
