// LinkSafety: a link whose text reads as another address than its target, or whose target imitates another
// name (homoglyphs, mixed scripts, a user name in front of the host), is deceptive; link text made of words is
// not. And the target is shown in a form that can't hide where it goes.
#include "text/link_safety.h"

#include <QTest>

using namespace estafette;

class TestLinkSafety : public QObject {
    Q_OBJECT
private slots:
    void check_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("href");
        QTest::addColumn<bool>("deceptive");
        // Words: never deceptive by themselves.
        QTest::newRow("words") << "cliquez ici" << "https://impots.gouv.fr/" << false;
        QTest::newRow("words to anywhere") << "la déclaration" << "https://evil.example/" << false;
        QTest::newRow("a name to a mailbox") << "Jean Dupont" << "mailto:jean@example.org" << false;
        QTest::newRow("abbreviation") << "e.g." << "https://example.org/" << false;
        // Text that names the target's own host.
        QTest::newRow("same domain") << "impots.gouv.fr" << "https://impots.gouv.fr/portail" << false;
        QTest::newRow("www ignored") << "impots.gouv.fr" << "https://www.impots.gouv.fr/" << false;
        QTest::newRow("www in text ignored") << "www.impots.gouv.fr" << "https://impots.gouv.fr/" << false;
        QTest::newRow("case ignored") << "HTTPS://IMPOTS.GOUV.FR/" << "https://impots.gouv.fr/" << false;
        QTest::newRow("other scheme, same host") << "http://impots.gouv.fr" << "https://impots.gouv.fr/" << false;
        QTest::newRow("domain with path") << "impots.gouv.fr/contact" << "https://impots.gouv.fr/x" << false;
        QTest::newRow("dressed address") << "<impots.gouv.fr>." << "https://impots.gouv.fr/" << false;
        QTest::newRow("trailing dot in host") << "impots.gouv.fr" << "https://impots.gouv.fr./" << false;
        QTest::newRow("same mailbox") << "jean@impots.gouv.fr" << "mailto:jean@impots.gouv.fr" << false;
        QTest::newRow("same IDN") << QString::fromUtf8("café.fr") << "https://xn--caf-dma.fr/" << false;
        QTest::newRow("IDN text, unicode href") << QString::fromUtf8("https://café.fr")
                                                << QString::fromUtf8("https://café.fr/menu") << false;
        QTest::newRow("greek word") << "x" << QString::fromUtf8("https://παράδειγμα.δοκιμή/") << false;
        QTest::newRow("japanese") << "x" << QString::fromUtf8("https://ドメイン名例.jp/") << false;
        // Text that names another host.
        QTest::newRow("other domain") << "impots.gouv.fr" << "https://impots-gouv.fr.example.net/" << true;
        QTest::newRow("other url") << "https://impots.gouv.fr/" << "https://evil.example/" << true;
        QTest::newRow("subdomain is another host") << "gouv.fr" << "https://impots.gouv.fr/" << true;
        QTest::newRow("other mailbox domain") << "jean@impots.gouv.fr" << "mailto:jean@evil.example" << true;
        QTest::newRow("mailbox text, web target") << "jean@impots.gouv.fr" << "https://evil.example/" << true;
        QTest::newRow("mailto text") << "mailto:jean@impots.gouv.fr" << "mailto:x@evil.example" << true;
        QTest::newRow("ip address") << "192.168.1.1" << "http://10.0.0.1/" << true;
        QTest::newRow("hidden characters in text") << QString::fromUtf8("impots.gouv.fr\u200B")
                                                   << "https://evil.example/" << true;
        // Shown as "impots.gouv.fr" by the override; read without it, still a domain name, not the target's.
        QTest::newRow("reversed text") << QString::fromUtf8("\u202Erf.vuog.stopmi") << "https://evil.example/"
                                       << true;
        // Targets that imitate another name.
        QTest::newRow("cyrillic a in latin") << "apple.com" << "https://xn--pple-43d.com/" << true;
        QTest::newRow("cyrillic a, words") << "cliquez" << "https://xn--pple-43d.com/" << true;
        QTest::newRow("whole cyrillic lookalike") << "cliquez" << QString::fromUtf8("https://аррӏе.com/") << true;
        QTest::newRow("greek omicron in latin") << "cliquez" << QString::fromUtf8("https://gοogle.com/") << true;
        QTest::newRow("broken punycode") << "cliquez" << "https://xn--zz.example/" << true;
        QTest::newRow("user name before host") << "cliquez ici" << "https://impots.gouv.fr@evil.example/" << true;
        QTest::newRow("user and password before host") << "x" << "https://impots.gouv.fr:x@evil.example/" << true;
    }
    void check()
    {
        QFETCH(QString, text);
        QFETCH(QString, href);
        QFETCH(bool, deceptive);
        const QUrl url(href);
        QVERIFY(url.isValid());
        const LinkCheck result = LinkSafety::check(text, url);
        QCOMPARE(result.deceptive, deceptive);
        QVERIFY(!result.shownTarget.isEmpty());
    }

    void shownTarget_data()
    {
        QTest::addColumn<QString>("href");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << "https://impots.gouv.fr/portail?x=1" << "https://impots.gouv.fr/portail?x=1";
        QTest::newRow("password removed") << "https://jean:secret@example.org/" << "https://jean@example.org/";
        QTest::newRow("lookalike in ACE") << QString::fromUtf8("https://аррӏе.com/") << "https://xn--80ak6aa92e.com/";
        QTest::newRow("mixed scripts in ACE") << "https://xn--pple-43d.com/x" << "https://xn--pple-43d.com/x";
        QTest::newRow("bidi override encoded") << "https://example.org/%E2%80%AEfdp.exe"
                                               << "https://example.org/%E2%80%AEfdp.exe";
        QTest::newRow("accents readable") << "https://example.org/%C3%A9t%C3%A9" << QString::fromUtf8("https://example.org/été");
    }
    void shownTarget()
    {
        QFETCH(QString, href);
        QFETCH(QString, shown);
        QCOMPARE(LinkSafety::check(QStringLiteral("x"), QUrl(href)).shownTarget, shown);
    }

    void addressHost_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::newRow("words") << "cliquez ici" << "";
        QTest::newRow("sentence with a domain") << "voir impots.gouv.fr" << "";
        QTest::newRow("one label") << "localhost" << "";
        QTest::newRow("one-letter tld") << "e.g" << "";
        QTest::newRow("version number") << "1.2.3" << "";
        QTest::newRow("domain") << "Impots.Gouv.FR" << "impots.gouv.fr";
        QTest::newRow("domain with port and path") << "example.org:8443/a?b#c" << "example.org";
        QTest::newRow("url") << "https://example.org:8443/a" << "example.org";
        QTest::newRow("mail") << "jean@example.org" << "example.org";
        QTest::newRow("mailto") << "mailto:jean@example.org" << "example.org";
        QTest::newRow("ipv4") << "10.0.0.1" << "10.0.0.1";
        QTest::newRow("idn") << QString::fromUtf8("café.fr") << QString::fromUtf8("café.fr");
        QTest::newRow("quoted") << "«example.org»" << "example.org";
    }
    void addressHost()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QCOMPARE(LinkSafety::addressHost(text), host);
    }
};

QTEST_GUILESS_MAIN(TestLinkSafety)
#include "test_link_safety.moc"
