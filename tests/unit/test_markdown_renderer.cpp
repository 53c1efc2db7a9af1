// MarkdownRenderer: what the composer sends. CommonMark through cmark, ~~strikethrough~~ on its tree, line
// breaks kept, raw HTML never passed through, links http/https/mailto only, and no formatted_body when the
// message is plain text.
#include "text/html_sanitizer.h"
#include "text/markdown_renderer.h"

#include <QTest>

using namespace estafette;

class TestMarkdownRenderer : public QObject {
    Q_OBJECT
private slots:
    void formatted_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("html");
        QTest::newRow("bold") << "un **gras** mot" << "un <strong>gras</strong> mot";
        QTest::newRow("bold underscores") << "__gras__" << "<strong>gras</strong>";
        QTest::newRow("italic") << "un *italique* et _un autre_" << "un <em>italique</em> et <em>un autre</em>";
        QTest::newRow("inline code") << "la commande `rm -rf <dir>` efface"
                                     << "la commande <code>rm -rf &lt;dir&gt;</code> efface";
        QTest::newRow("fenced code") << "```rust\nfn main() {}\n```"
                                     << "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>";
        QTest::newRow("fenced code without language") << "```\na < b\n```" << "<pre><code>a &lt; b\n</code></pre>";
        QTest::newRow("quote") << "> cité\n\nréponse" << "<blockquote>\n<p>cité</p>\n</blockquote>\n<p>réponse</p>";
        QTest::newRow("unordered list") << "- un\n- deux" << "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>";
        QTest::newRow("ordered list") << "3. trois\n4. quatre" << "<ol start=\"3\">\n<li>trois</li>\n<li>quatre</li>\n</ol>";
        QTest::newRow("link") << "voir [le site](https://example.org/a?b=1&c=2)"
                              << "voir <a href=\"https://example.org/a?b=1&amp;c=2\">le site</a>";
        QTest::newRow("autolink") << "<https://example.org>" << "<a href=\"https://example.org\">https://example.org</a>";
        QTest::newRow("mail autolink") << "<jean@example.org>"
                                       << "<a href=\"mailto:jean@example.org\">jean@example.org</a>";
        QTest::newRow("heading") << "# Titre" << "<h1>Titre</h1>";
        QTest::newRow("line breaks kept") << "**a**\nb\nc" << "<strong>a</strong><br />\nb<br />\nc";
        QTest::newRow("strikethrough") << "~~barré~~" << "<del>barré</del>";
        QTest::newRow("strikethrough with formatting") << "~~a **b** c~~" << "<del>a <strong>b</strong> c</del>";
        QTest::newRow("strikethrough twice") << "~~a~~ et ~~b~~" << "<del>a</del> et <del>b</del>";
        QTest::newRow("strikethrough in bold") << "**x ~~y~~**" << "<strong>x <del>y</del></strong>";
        QTest::newRow("strikethrough in list") << "- ~~fait~~\n- à faire" << "<ul>\n<li><del>fait</del></li>\n<li>à faire</li>\n</ul>";
        QTest::newRow("escape is formatting") << "\\*pas gras\\*" << "*pas gras*";
        QTest::newRow("entity is formatting") << "&copy; 2024" << "© 2024";
        QTest::newRow("image mxc") << "![chat](mxc://example.org/abc)"
                                   << "<img src=\"mxc://example.org/abc\" alt=\"chat\" />";
        QTest::newRow("two paragraphs with formatting") << "*a*\n\nb" << "<p><em>a</em></p>\n<p>b</p>";
    }
    void formatted()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, html);
        const MarkdownRenderer::Result result = MarkdownRenderer::render(markdown);
        QCOMPARE(result.body, markdown);
        QCOMPARE(result.formattedBody, html);
    }

    void plain_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::newRow("empty") << "";
        QTest::newRow("words") << "bonjour à tous";
        QTest::newRow("only escaping needed") << "a < b & c > d";
        QTest::newRow("several lines") << "ligne un\nligne deux\n\nparagraphe";
        QTest::newRow("quotes and apostrophes") << "l'été \"chaud\"";
        QTest::newRow("lone markers") << "2 * 3 = 6, a_b_c, ~ ~~ ~~~";
        QTest::newRow("unmatched strikethrough") << "~~pas fermé";
        QTest::newRow("strikethrough with spaces inside") << "~~ a ~~";
        QTest::newRow("indented lines") << "  deux espaces\n   trois";
        QTest::newRow("bare url") << "https://example.org";
        QTest::newRow("emoji") << QString::fromUtf8("\U0001F600 ok");
        // Raw HTML alone reads as the text typed: the body says it all.
        QTest::newRow("raw html") << "<img src=x onerror=alert(1)>";
        QTest::newRow("raw html block") << "<div>\nun\n</div>";
    }
    void plain()
    {
        QFETCH(QString, markdown);
        const MarkdownRenderer::Result result = MarkdownRenderer::render(markdown);
        QCOMPARE(result.body, markdown);
        QCOMPARE(result.formattedBody, QString());
    }

    // Raw HTML is the text it was typed as, never markup (nor cmark's "raw HTML omitted" comment).
    void rawHtmlIsText_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("html");
        QTest::newRow("inline") << "a <b>gras</b> **vrai**"
                                << "a &lt;b&gt;gras&lt;/b&gt; <strong>vrai</strong>";
        QTest::newRow("script block") << "<script>alert(1)</script>\n\n*x*"
                                      << "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p><em>x</em></p>";
        QTest::newRow("img onerror") << "*x* <img src=x onerror=alert(1)>"
                                     << "<em>x</em> &lt;img src=x onerror=alert(1)&gt;";
        QTest::newRow("multi-line block") << "<div>\nun\n</div>\n\n*x*"
                                          << "<p>&lt;div&gt;<br />\nun<br />\n&lt;/div&gt;</p>\n<p><em>x</em></p>";
        QTest::newRow("comment") << "*x* <!-- caché -->" << "<em>x</em> &lt;!-- caché --&gt;";
    }
    void rawHtmlIsText()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, html);
        const QString formatted = MarkdownRenderer::render(markdown).formattedBody;
        QCOMPARE(formatted, html);
        QVERIFY(!formatted.contains(QLatin1String("<!--")));
    }

    void unsafeTargetsAreText_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("html");
        QTest::newRow("javascript") << "[x](javascript:alert(1)) *a*" << "x <em>a</em>";
        QTest::newRow("mixed-case javascript") << "[x](JaVaScRiPt:alert(1)) *a*" << "x <em>a</em>";
        QTest::newRow("data") << "[x](data:text/html,hi) *a*" << "x <em>a</em>";
        QTest::newRow("vbscript") << "[x](vbscript:msgbox) *a*" << "x <em>a</em>";
        QTest::newRow("relative") << "[x](/logout) *a*" << "x <em>a</em>";
        QTest::newRow("ftp") << "[x](ftp://example.org/f) *a*" << "x <em>a</em>";
        QTest::newRow("javascript autolink") << "<javascript:alert(1)> *a*" << "javascript:alert(1) <em>a</em>";
        QTest::newRow("formatted link text kept") << "[**x**](file:///etc/passwd)" << "<strong>x</strong>";
        QTest::newRow("remote image") << "![alt](https://evil.example/x.png) *a*" << "alt <em>a</em>";
    }
    void unsafeTargetsAreText()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, html);
        QCOMPARE(MarkdownRenderer::render(markdown).formattedBody, html);
    }

    // What we send is what we would show of it: the sanitiser keeps every construct.
    void outputSurvivesSanitiser()
    {
        const QString html = MarkdownRenderer::render("# T\n\n**a** *b* `c` ~~d~~ [e](https://e.org/)\n\n"
                                                      "> q\n\n- l\n\n1. n\n\n```py\nx\n```")
                                 .formattedBody;
        const QString shown = HtmlSanitizer::sanitize(html).html;
        for (const char *tag : {"<h1>", "<strong>", "<em>", "<code>", "<s>", "<a href=\"https://e.org/\">",
                                "<blockquote>", "<ul>", "<ol>", "<li>", "<pre>", "<code class=\"language-py\">"})
            QVERIFY2(shown.contains(QLatin1String(tag)), tag);
    }

    void escapeForMarkdown()
    {
        const QString name = QStringLiteral("Jean *le* [Grand]_`x`<b>#1 ~~");
        const QString escaped = MarkdownRenderer::escapeForMarkdown(name);
        QCOMPARE(escaped, QStringLiteral("Jean \\*le\\* \\[Grand\\]\\_\\`x\\`\\<b\\>\\#1 \\~\\~"));
        const QString link = QStringLiteral("[%1](https://matrix.to/#/@jean:example.org)").arg(escaped);
        QCOMPARE(MarkdownRenderer::render(link).formattedBody,
                 QStringLiteral("<a href=\"https://matrix.to/#/@jean:example.org\">Jean *le* [Grand]_`x`&lt;b&gt;#1 "
                                "~~</a>"));
        QCOMPARE(MarkdownRenderer::escapeForMarkdown(QStringLiteral("Émile")), QStringLiteral("Émile"));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownRenderer)
#include "test_markdown_renderer.moc"
