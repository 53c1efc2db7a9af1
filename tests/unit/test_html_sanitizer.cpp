// HtmlSanitizer: received formatted_body (untrusted) rebuilt from the spec's allowlist into Qt rich text that
// loads nothing but mxc:// images. Exact outputs for the allowlist and a hostile corpus, limits (depth, size,
// node count, parser memory), bidirectional text, spoilers, and what Qt does with the output.
#include "text/html_sanitizer.h"
#include "text/html_source_guard.h"

#include <QAbstractTextDocumentLayout>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>

using namespace estafette;

namespace {

// A document that records every resource Qt asks it for (images, style sheets, backgrounds).
class ResourceSpy : public QTextDocument {
public:
    QList<QUrl> requested;

protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        requested.append(name);
        if (type == QTextDocument::ImageResource && name.scheme() == QLatin1String("mxc")) {
            QImage image(4, 4, QImage::Format_RGB32);
            image.fill(Qt::red);
            return image;
        }
        return {};
    }
};

// Lays the HTML out and paints it, the way the timeline will: every resource the output refers to is asked for.
QList<QUrl> resourcesLoadedBy(const QString &html)
{
    ResourceSpy document;
    document.setHtml(html);
    document.setTextWidth(600);
    const QSizeF size = document.documentLayout()->documentSize();
    QImage canvas(QSize(600, int(std::min<qreal>(size.height(), 2000)) + 1), QImage::Format_ARGB32);
    QPainter painter(&canvas);
    document.drawContents(&painter);
    return document.requested;
}

QString sanitized(const QString &html)
{
    return HtmlSanitizer::sanitize(html).html;
}

// The deepest nesting of elements in our own output (which only we write: a plain tag scan is exact).
int outputDepth(const QString &html)
{
    static const QRegularExpression tag(QStringLiteral(R"(<(/?)([a-z0-9]+)[^>]*?(/?)>)"));
    int depth = 0;
    int deepest = 0;
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        if (!match.captured(3).isEmpty())
            continue; // <br />, <img />
        depth += match.captured(1).isEmpty() ? 1 : -1;
        deepest = std::max(deepest, depth);
    }
    return deepest;
}

// Checks the output is made only of what HtmlRebuilder writes: known tags, balanced; known attributes; styles
// that are colours only.
void verifyOwnMarkup(const QString &html)
{
    static const QSet<QString> tags = {
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u",
        "strong", "em", "s", "code", "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td", "caption",
        "pre", "span", "img"};
    static const QSet<QString> attributes = {"href", "name", "src", "width", "height", "alt", "title",
                                             "start", "class", "style"};
    static const QRegularExpression tag(QStringLiteral(R"(<(/?)([^\s/>]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*(/?)>)"));
    static const QRegularExpression attribute(QStringLiteral(R"re(([a-z-]+)="([^"]*)")re"));
    static const QRegularExpression style(QStringLiteral(
        R"(^(color:#[0-9a-f]{6}(;background-color:#[0-9a-f]{6})?|background-color:#[0-9a-f]{6}|font-weight:bold)\z)"));
    QStringList open;
    qsizetype consumed = 0;
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        // Between tags: text only, so no '<' or '>' of its own.
        const QString between = html.mid(consumed, match.capturedStart() - consumed);
        QVERIFY2(!between.contains(QLatin1Char('<')) && !between.contains(QLatin1Char('>')), qPrintable(html));
        consumed = match.capturedEnd();
        const QString name = match.captured(2);
        QVERIFY2(tags.contains(name), qPrintable(name + QStringLiteral(" in ") + html));
        for (auto a = attribute.globalMatch(match.captured(3)); a.hasNext();) {
            const auto pair = a.next();
            QVERIFY2(attributes.contains(pair.captured(1)), qPrintable(pair.captured(1)));
            if (pair.captured(1) == QLatin1String("style"))
                QVERIFY2(style.match(pair.captured(2)).hasMatch(), qPrintable(pair.captured(2)));
            if (pair.captured(1) == QLatin1String("src"))
                QVERIFY(pair.captured(2).startsWith(QLatin1String("mxc://")));
        }
        if (!match.captured(4).isEmpty())
            continue;
        if (match.captured(1).isEmpty()) {
            open.append(name);
        } else {
            QVERIFY2(!open.isEmpty() && open.last() == name, qPrintable(html));
            open.removeLast();
        }
    }
    QVERIFY2(open.isEmpty(), qPrintable(html));
    const QString rest = html.mid(consumed);
    QVERIFY(!rest.contains(QLatin1Char('<')) && !rest.contains(QLatin1Char('>')));
}

QString nested(const QString &open, const QString &close, int levels, const QString &inner)
{
    return open.repeated(levels) + inner + close.repeated(levels);
}

// The hostile corpus: each input with the exact output it must give.
void addHostileRows()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("script") << "<script>alert(1)</script>x" << "x";
    QTest::newRow("script in body") << "<p>a<script>alert(1)</script>b</p>" << "<p>ab</p>";
    QTest::newRow("style") << "<style>body{background:url(https://evil.example/x)}</style>x" << "x";
    QTest::newRow("event handlers") << "<b onclick=\"alert(1)\" onmouseover='x()'>b</b>" << "<b>b</b>";
    QTest::newRow("javascript link") << "<a href=\"javascript:alert(1)\">x</a>" << "x";
    QTest::newRow("mixed-case javascript") << "<a href=\"JaVaScRiPt:alert(1)\">x</a>" << "x";
    QTest::newRow("spaces before javascript") << "<a href=\"  \tjavascript:alert(1)\">x</a>" << "x";
    QTest::newRow("tab inside javascript") << "<a href=\"java&#x09;script:alert(1)\">x</a>" << "x";
    QTest::newRow("newline inside javascript") << "<a href=\"jav&#10;ascript:alert(1)\">x</a>" << "x";
    QTest::newRow("entity-encoded javascript") << "<a href=\"&#106;avascript:alert(1)\">x</a>" << "x";
    QTest::newRow("control before javascript") << "<a href=\"&#1;javascript:alert(1)\">x</a>" << "x";
    QTest::newRow("data link") << "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>" << "x";
    QTest::newRow("vbscript link") << "<a href=\"vbscript:msgbox(1)\">x</a>" << "x";
    QTest::newRow("relative link") << "<a href=\"/_matrix/client/logout\">x</a>" << "x";
    QTest::newRow("protocol-relative link") << "<a href=\"//evil.example/\">x</a>" << "x";
    QTest::newRow("http without host") << "<a href=\"https:evil.example\">x</a>" << "x";
    QTest::newRow("file link") << "<a href=\"file:///etc/passwd\">x</a>" << "x";
    QTest::newRow("ftp link") << "<a href=\"ftp://example.org/f\">x</a>" << "x";
    QTest::newRow("remote image") << "<img src=\"https://evil.example/track.png\" alt=\"A\">" << "A";
    QTest::newRow("image onerror") << "<img src=x onerror=alert(1)>" << "";
    QTest::newRow("image traversal") << "<img src=\"mxc://example.org/../../x\" alt=\"t\">" << "t";
    QTest::newRow("image data uri") << "<img src=\"data:image/png;base64,AAAA\">" << "";
    QTest::newRow("svg") << "<svg><script>alert(1)</script><text>t</text><image href=\"https://e/x\"/></svg>x"
                         << "x";
    QTest::newRow("math") << "<math><mi>x</mi><mtext><img src=\"https://e/x\"></mtext></math>y" << "y";
    QTest::newRow("iframe") << "<iframe src=\"https://evil.example\">t</iframe>x" << "x";
    QTest::newRow("object") << "<object data=\"x.swf\"><param name=a value=b>fallback</object>x" << "x";
    QTest::newRow("embed") << "<embed src=\"x.swf\">x" << "x";
    QTest::newRow("form") << "<form action=\"https://evil.example\"><input name=a value=v><button>Go</button></form>"
                          << "Go";
    QTest::newRow("meta refresh") << "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">x" << "x";
    QTest::newRow("base") << "<base href=\"https://evil.example/\"><a href=\"https://ok.example/\">x</a>"
                          << "<a href=\"https://ok.example/\">x</a>";
    QTest::newRow("link stylesheet") << "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">x" << "x";
    QTest::newRow("style attribute") << "<p style=\"background:url(https://evil.example/x.png)\">p</p>"
                                     << "<p>p</p>";
    QTest::newRow("table background") << "<table background=\"https://e/x.png\"><tr><td background=\"https://e/y\">"
                                         "c</td></tr></table>"
                                      << "<table><tbody><tr><td>c</td></tr></tbody></table>";
    QTest::newRow("colour name") << "<span data-mx-color=\"red\">x</span>" << "x";
    QTest::newRow("colour too short") << "<span data-mx-color=\"#12345\">x</span>" << "x";
    QTest::newRow("colour too long") << "<span data-mx-color=\"#1234567\">x</span>" << "x";
    QTest::newRow("colour not hex") << "<span data-mx-bg-color=\"#12345g\">x</span>" << "x";
    QTest::newRow("colour expression") << "<font color=\"expression(alert(1))\">x</font>" << "x";
    QTest::newRow("colour with css") << "<span data-mx-color=\"#ff0000;background:url(x)\">x</span>" << "x";
    QTest::newRow("escaped markup stays text") << "&lt;script&gt;alert(1)&lt;/script&gt;"
                                               << "&lt;script&gt;alert(1)&lt;/script&gt;";
    QTest::newRow("entities decoded then escaped") << "&amp;&quot;&#60;&eacute;&nbsp;"
                                                   << QString::fromUtf8("&amp;&quot;&lt;é\u00a0");
    QTest::newRow("reply fallback") << "<mx-reply><blockquote><a href=\"https://matrix.to/#/!r:x/$e\">In reply "
                                       "to</a> quoted</blockquote></mx-reply>reply"
                                    << "reply";
    QTest::newRow("upper-case reply fallback") << "<MX-REPLY>q</MX-REPLY>r" << "r";
    QTest::newRow("unclosed") << "<b>bold <i>both" << "<b>bold <i>both</i></b>";
    QTest::newRow("misnested") << "<b><i>x</b>y</i>" << "<b><i>x</i></b><i>y</i>";
    QTest::newRow("link in link") << "<a href=\"https://a.example/\">a <a href=\"https://b.example/\">b</a>"
                                  << "<a href=\"https://a.example/\">a </a><a href=\"https://b.example/\">b</a>";
    QTest::newRow("textarea is text") << "<textarea><b>x</b></textarea>" << "&lt;b&gt;x&lt;/b&gt;";
    QTest::newRow("xmp is text") << "<xmp><script>x</script></xmp>" << "&lt;script&gt;x&lt;/script&gt;";
    QTest::newRow("noscript") << "<p>a<noscript><img src=\"mxc://e/x\"></noscript>b</p>" << "<p>ab</p>";
    QTest::newRow("template") << "<template><b>x</b></template>y" << "y";
    QTest::newRow("title") << "<title>t</title>y" << "y";
    QTest::newRow("quote in attribute") << "<img src=\"mxc://e.org/a\" alt='x\" onerror=\"y'>"
                                        << "<img src=\"mxc://e.org/a\" alt=\"x&quot; onerror=&quot;y\" />";
    QTest::newRow("tag in attribute") << "<div title=\"</div><script>\">x</div>" << "<div>x</div>";
    QTest::newRow("comment") << "<!-- <script>alert(1)</script> -->x" << "x";
    // Outside svg and math, "<![CDATA[" opens a bogus comment that the first ">" ends.
    QTest::newRow("cdata outside foreign content") << "<![CDATA[<b>x</b>]]>y" << "x]]&gt;y";
    QTest::newRow("null character") << QStringLiteral("a\u0000b") << "ab";
    QTest::newRow("nested quotes") << "<blockquote><blockquote><blockquote>x</blockquote></blockquote></blockquote>"
                                   << "<blockquote><blockquote><blockquote>x</blockquote></blockquote></blockquote>";
    QTest::newRow("unknown elements keep text") << "<section><x-foo>a</x-foo></section><marquee>b</marquee>"
                                                << "a<br />b";
}

} // namespace

class TestHtmlSanitizer : public QObject {
    Q_OBJECT
private slots:
    void allowlist_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        for (const char *tag : {"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "ul", "sup", "sub", "b", "i",
                                "u", "strong", "em", "s", "div", "pre"}) {
            const QString t = QString::fromLatin1(tag);
            QTest::newRow(tag) << QStringLiteral("<%1>x</%1>").arg(t) << QStringLiteral("<%1>x</%1>").arg(t);
        }
        QTest::newRow("li") << "<ul><li>a</li><li>b</li></ul>" << "<ul><li>a</li><li>b</li></ul>";
        QTest::newRow("ol start") << "<ol start=\"3\"><li>c</li></ol>" << "<ol start=\"3\"><li>c</li></ol>";
        QTest::newRow("ol bad start") << "<ol start=\"3; x\"><li>c</li></ol>" << "<ol><li>c</li></ol>";
        QTest::newRow("del as s") << "<del>x</del>" << "<s>x</s>";
        QTest::newRow("code") << "<code>x</code>" << "<code>x</code>";
        QTest::newRow("code language") << "<code class=\"language-rust\">fn</code>"
                                       << "<code class=\"language-rust\">fn</code>";
        QTest::newRow("code first language") << "<code class=\"hljs language-c++ x\">c</code>"
                                             << "<code class=\"language-c++\">c</code>";
        QTest::newRow("code bad language") << "<code class=\"language-&quot;x\">c</code>" << "<code>c</code>";
        QTest::newRow("code other class") << "<code class=\"evil\">c</code>" << "<code>c</code>";
        QTest::newRow("pre code") << "<pre><code>a\n  b</code></pre>" << "<pre><code>a\n  b</code></pre>";
        QTest::newRow("hr") << "a<hr>b" << "a<hr />b";
        QTest::newRow("br") << "a<br>b<br/>c" << "a<br />b<br />c";
        QTest::newRow("table")
            << "<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>"
            << "<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>";
        QTest::newRow("font colour") << "<font color=\"#FF0000\">r</font>" << "<span style=\"color:#ff0000\">r</span>";
        QTest::newRow("font mx colours") << "<font data-mx-color=\"#00ff00\" color=\"#ff0000\" "
                                            "data-mx-bg-color=\"#000000\">g</font>"
                                         << "<span style=\"color:#00ff00;background-color:#000000\">g</span>";
        QTest::newRow("span colours") << "<span data-mx-color=\"#123abc\" data-mx-bg-color=\"#ABCDEF\">x</span>"
                                      << "<span style=\"color:#123abc;background-color:#abcdef\">x</span>";
        QTest::newRow("span background only") << "<span data-mx-bg-color=\"#abcdef\">x</span>"
                                              << "<span style=\"background-color:#abcdef\">x</span>";
        QTest::newRow("span colour attribute refused") << "<span color=\"#ff0000\">x</span>" << "x";
        QTest::newRow("plain span") << "<span>x</span>" << "x";
        QTest::newRow("link") << "<a href=\"https://example.org/a?b=1&amp;c=2#f\">l</a>"
                              << "<a href=\"https://example.org/a?b=1&amp;c=2#f\">l</a>";
        QTest::newRow("http link") << "<a href=\"HTTP://Example.org\">l</a>" << "<a href=\"http://example.org\">l</a>";
        QTest::newRow("mailto") << "<a href=\"mailto:jean@example.org\">m</a>"
                                << "<a href=\"mailto:jean@example.org\">m</a>";
        QTest::newRow("link attributes") << "<a href=\"https://x.org/\" target=\"_blank\" rel=\"opener\" name=\"top\" "
                                            "title=\"t\">l</a>"
                                         << "<a href=\"https://x.org/\" name=\"top\">l</a>";
        QTest::newRow("link host in ace") << QString::fromUtf8("<a href=\"https://café.example/é\">l</a>")
                                          << "<a href=\"https://xn--caf-dma.example/%C3%A9\">l</a>";
        QTest::newRow("anchor name only") << "<a name=\"part-2\">x</a>" << "<a name=\"part-2\">x</a>";
        QTest::newRow("image") << "<img src=\"mxc://example.org/abc\" width=\"320\" height=\"240\" alt=\"chat\" "
                                  "title=\"t\">"
                               << "<img src=\"mxc://example.org/abc\" width=\"320\" height=\"240\" alt=\"chat\" "
                                  "title=\"t\" />";
        QTest::newRow("image capped") << "<img src=\"mxc://example.org/abc\" width=\"1600\" height=\"600\">"
                                      << "<img src=\"mxc://example.org/abc\" width=\"800\" height=\"300\" />";
        QTest::newRow("image width only") << "<img src=\"mxc://example.org/abc\" width=\"300\">"
                                          << "<img src=\"mxc://example.org/abc\" />";
        QTest::newRow("image tiny") << "<img src=\"mxc://example.org/abc\" width=\"4000\" height=\"1\">"
                                    << "<img src=\"mxc://example.org/abc\" width=\"800\" height=\"1\" />";
        QTest::newRow("image bad size") << "<img src=\"mxc://example.org/abc\" width=\"10%\" height=\"-3\">"
                                        << "<img src=\"mxc://example.org/abc\" />";
        QTest::newRow("details") << "<details><summary>S</summary>B</details>"
                                 << "<div><div style=\"font-weight:bold\">S</div>B</div>";
        QTest::newRow("formatting kept together") << "<p>Un <b>gras</b>, un <i>italique</i>.</p>"
                                                  << "<p>Un <b>gras</b>, un <i>italique</i>.</p>";
    }
    void allowlist()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const HtmlSanitizer::Result result = HtmlSanitizer::sanitize(input);
        QCOMPARE(result.html, expected);
        QVERIFY(!result.truncated);
        verifyOwnMarkup(result.html);
    }

    void hostile_data() { addHostileRows(); }
    void hostile()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString html = sanitized(input);
        QCOMPARE(html, expected);
        verifyOwnMarkup(html);
    }

    void imagesListed()
    {
        const auto result = HtmlSanitizer::sanitize(
            "<img src=\"mxc://a.org/one\"><img src=\"https://b.org/x\"><p><img src=\"mxc://c.org:8448/two\"></p>");
        QCOMPARE(result.images, QStringList({"mxc://a.org/one", "mxc://c.org:8448/two"}));
    }

    // The property that matters: whatever came in, Qt asks for nothing but mxc:// images.
    void loadsOnlyMxcResources_data() { addHostileRows(); }
    void loadsOnlyMxcResources()
    {
        QFETCH(QString, input);
        const QString wrapped = input + "<img src=\"mxc://example.org/control\">";
        const QList<QUrl> loaded = resourcesLoadedBy(sanitized(wrapped));
        // The control image proves the spy sees what Qt loads.
        QVERIFY(loaded.contains(QUrl("mxc://example.org/control")));
        for (const QUrl &url : loaded)
            QCOMPARE(url.scheme(), QStringLiteral("mxc"));
    }

    void unsanitisedInputWouldLoad()
    {
        // The spy is not blind: the raw hostile input does make Qt fetch remote resources.
        const QList<QUrl> loaded = resourcesLoadedBy(
            "<img src=\"https://evil.example/a.png\"><table background=\"https://evil.example/b.png\"><tr><td>x"
            "</td></tr></table>");
        QVERIFY(loaded.contains(QUrl("https://evil.example/a.png")));
        QVERIFY(loaded.contains(QUrl("https://evil.example/b.png")));
    }

    // Found by fuzz_sync_parser: Qt 6.4 lays this out forever when the images keep their width alone (and have
    // no pixels yet, as before their download).
    void layoutEndsWithImagesOfOneDimension()
    {
        const QString html = sanitized("<img src=\"mxc://e.org/a\" width=\"800\"><table><tr><td>"
                                       "<img src=\"mxc://e.org/a\" width=\"800\">abc</td></tr></table>");
        QVERIFY(!html.contains(QLatin1String("width")));
        QElapsedTimer timer;
        timer.start();
        QTextDocument document; // no resource at all: loadResource finds nothing
        document.setHtml(html);
        document.setTextWidth(600);
        document.documentLayout()->documentSize();
        QVERIFY(timer.elapsed() < 2000);
    }

    void deepNestingIsCut()
    {
        QElapsedTimer timer;
        timer.start();
        const auto result = HtmlSanitizer::sanitize(nested("<div>", "</div>", 10000, "deep"));
        QVERIFY(result.truncated);
        QVERIFY(timer.elapsed() < 2000);
        QVERIFY(outputDepth(result.html) <= 32);
        verifyOwnMarkup(result.html);
        QCOMPARE(resourcesLoadedBy(result.html), QList<QUrl>());
    }

    void deepFormattingIsCut()
    {
        const auto result = HtmlSanitizer::sanitize(nested("<b>", "</b>", 10000, "deep"));
        QVERIFY(result.truncated);
        QVERIFY(outputDepth(result.html) <= 32);
        verifyOwnMarkup(result.html);
    }

    // Within the spec's 100 levels, elements deeper than maxDepth lose their tags, never their text.
    void deeperThanMaxDepthIsFlattened()
    {
        const auto result = HtmlSanitizer::sanitize(nested("<blockquote>", "</blockquote>", 60, "<b>deep</b>"));
        QVERIFY(!result.truncated);
        QCOMPARE(outputDepth(result.html), 32);
        QVERIFY(result.html.contains(QLatin1String("deep")));
        QVERIFY(!result.html.contains(QLatin1String("<b>")));
        verifyOwnMarkup(result.html);

        HtmlSanitizer::Limits limits;
        limits.maxDepth = 2;
        QCOMPARE(HtmlSanitizer::sanitize("<ul><li><b>x</b><p>y</p></li></ul>z", limits).html,
                 QStringLiteral("<ul><li>x<br />y</li></ul>z"));
        QCOMPARE(HtmlSanitizer::sanitize("<div><table><tr><td>a</td><td>b</td></tr></table></div>", limits).html,
                 QStringLiteral("<div><table>a<br />b</table></div>"));
    }

    void hugeTableIsCut()
    {
        QString table = "<table>";
        for (int row = 0; row < 300; ++row) {
            table += "<tr>";
            for (int cell = 0; cell < 100; ++cell)
                table += QStringLiteral("<td>%1</td>").arg(cell);
            table += "</tr>";
        }
        table += "</table>after";
        const auto result = HtmlSanitizer::sanitize(table);
        QVERIFY(result.truncated);
        QVERIFY(!result.html.contains(QLatin1String("after")));
        QVERIFY(result.html.count(QLatin1String("<td>")) < 20000);
        verifyOwnMarkup(result.html);
    }

    void longInputIsCut()
    {
        const QString para = "<p>Lorem ipsum dolor sit amet, <b>consectetur</b> adipiscing elit.</p>";
        const auto result = HtmlSanitizer::sanitize(para.repeated(5 * 1024 * 1024 / para.size()));
        QVERIFY(result.truncated);
        QVERIFY(result.html.size() < 200 * 1024);
        verifyOwnMarkup(result.html);

        HtmlSanitizer::Limits limits;
        limits.maxInputBytes = 10;
        // A cut inside a multi-byte character or a tag leaves neither half of it.
        const auto cut = HtmlSanitizer::sanitize(QString::fromUtf8("abcdefghi\u00e9<b>x</b>"), limits);
        QCOMPARE(cut.html, QStringLiteral("abcdefghi"));
        QVERIFY(cut.truncated);
    }

    void utf8CutKeepsCharacters()
    {
        const QByteArray utf8 = QString::fromUtf8("a\u00e9\u20ac\U0001F600").toUtf8(); // 1 + 2 + 3 + 4 bytes
        QCOMPARE(HtmlSourceGuard::utf8Boundary(utf8, 2), 1);
        QCOMPARE(HtmlSourceGuard::utf8Boundary(utf8, 3), 3);
        QCOMPARE(HtmlSourceGuard::utf8Boundary(utf8, 5), 3);
        QCOMPARE(HtmlSourceGuard::utf8Boundary(utf8, 9), 6);
        QCOMPARE(HtmlSourceGuard::utf8Boundary(utf8, 10), 10);
    }

    void nestingScan_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("kept");
        QTest::newRow("100 divs") << nested("<div>", "</div>", 100, "x") << true;
        QTest::newRow("101 divs") << nested("<div>", "</div>", 101, "x") << false;
        QTest::newRow("self-closing div still opens") << QStringLiteral("<div/>").repeated(101) << false;
        QTest::newRow("stray end tags don't close") << QStringLiteral("<div></span>").repeated(101) << false;
        QTest::newRow("closed divs") << QStringLiteral("<div>x</div>").repeated(5000) << true;
        QTest::newRow("paragraphs left open") << QStringLiteral("<p>x").repeated(5000) << true;
        QTest::newRow("list items left open") << "<ul>" + QStringLiteral("<li>x").repeated(5000) << true;
        QTest::newRow("void elements") << QStringLiteral("<br><img src=x><hr>").repeated(2000) << true;
        QTest::newRow("17 open formatting") << QStringLiteral("<b>").repeated(17) << false;
        QTest::newRow("16 open formatting") << QStringLiteral("<b>").repeated(16) << true;
        QTest::newRow("tags in a comment") << "<!--" + QStringLiteral("<div>").repeated(500) + "-->" << true;
        QTest::newRow("tags in a script") << "<script>" + QStringLiteral("<div>").repeated(500) + "</script>" << true;
        QTest::newRow("tags in an attribute") << "<p title=\"" + QStringLiteral("<div>").repeated(500) + "\">" << true;
    }
    void nestingScan()
    {
        QFETCH(QString, source);
        QFETCH(bool, kept);
        const QByteArray utf8 = source.toUtf8();
        QCOMPARE(HtmlSourceGuard::nestingCut(utf8) == utf8.size(), kept);
    }

    // Formatting elements left open across blocks are re-created in every block by the HTML5 tree builder:
    // 100 KB of such a body would be a million nodes. The parser's memory budget makes it a cut instead.
    void formattingAmplificationIsBounded()
    {
        QString source = "<div>";
        for (int i = 0; i < 15; ++i)
            source += QStringLiteral("<b title=\"%1\">").arg(i);
        source += "</div>";
        source += QStringLiteral("<p>x</p>").repeated(12000);
        QElapsedTimer timer;
        timer.start();
        const auto result = HtmlSanitizer::sanitize(source);
        QVERIFY(result.truncated);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        verifyOwnMarkup(result.html);

        HtmlSanitizer::Limits tiny;
        tiny.maxParserBytes = 64 * 1024;
        const auto small = HtmlSanitizer::sanitize(QStringLiteral("<p>word</p>").repeated(2000), tiny);
        QVERIFY(small.truncated);
        QVERIFY(small.html.startsWith(QLatin1String("<p>word</p>")));
        verifyOwnMarkup(small.html);
    }

    void bidiControlsStayInTheirElement_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("override closed at element end")
            << QStringLiteral("<b>abc\u202Edef</b>ghi") << QStringLiteral("<b>abc\u202Edef\u202C</b>ghi");
        QTest::newRow("stray pop removed") << QStringLiteral("x\u202Cy\u2069z") << "xyz";
        QTest::newRow("isolate closed per text node")
            << QStringLiteral("\u2067a<b>b\u2069</b>") << QStringLiteral("\u2067a\u2069<b>b</b>");
        QTest::newRow("balanced kept") << QStringLiteral("\u2066a\u2069 \u202Bb\u202C")
                                       << QStringLiteral("\u2066a\u2069 \u202Bb\u202C");
        QTest::newRow("isolate closes inner embedding")
            << QStringLiteral("\u2068a\u202Eb\u2069c") << QStringLiteral("\u2068a\u202Eb\u202C\u2069c");
        QTest::newRow("nested")
            << QStringLiteral("\u202Ba\u2067b") << QStringLiteral("\u202Ba\u2067b\u2069\u202C");
        QTest::newRow("in alt text") << QStringLiteral("<img src=\"mxc://e.org/a\" alt=\"\u202Egnp.exe\">")
                                     << QStringLiteral("<img src=\"mxc://e.org/a\" alt=\"\u202Egnp.exe\u202C\" />");
        QTest::newRow("in link text") << QStringLiteral("<a href=\"https://e.org/\">\u202Ecod.exe</a>.pdf")
                                      << QStringLiteral("<a href=\"https://e.org/\">\u202Ecod.exe\u202C</a>.pdf");
    }
    void bidiControlsStayInTheirElement()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(sanitized(input), expected);
    }

    void spoilerIsUnreadable()
    {
        const QString input = "Alice <span data-mx-spoiler=\"fin du film\">vit <b>heureuse</b><p>pour "
                              "<font color=\"#ff0000\">toujours</font> <a href=\"https://e.org/\" name=\"n\">lien</a></p>"
                              "<img src=\"mxc://e.org/i\" alt=\"photo\"></span> fin.";
        const auto result = HtmlSanitizer::sanitize(input);
        QVERIFY(result.images.isEmpty());
        QVERIFY(!result.html.contains(QLatin1String("<a")));
        QVERIFY(!result.html.contains(QLatin1String("#ff0000")));
        QVERIFY(result.html.startsWith(QLatin1String("Alice (fin du film) ")));
        QTextDocument document;
        document.setHtml(result.html);
        // Qt merges neighbouring fragments of one format: each word is looked for in the text of each kind.
        QString hiddenText;
        QString shownText;
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat format = it.fragment().charFormat();
                const bool hidden = format.background().style() == Qt::SolidPattern
                                    && format.foreground().color() == format.background().color()
                                    && !format.isAnchor();
                (hidden ? hiddenText : shownText) += it.fragment().text() + QLatin1Char(' ');
            }
        }
        for (const char *word : {"vit", "heureuse", "pour", "toujours", "lien", "photo"}) {
            QVERIFY2(hiddenText.contains(QLatin1String(word)), word);
            QVERIFY2(!shownText.contains(QLatin1String(word)), word);
        }
        QVERIFY(shownText.contains(QLatin1String("fin du film")));
        QVERIFY(document.toPlainText().contains(QLatin1String("fin.")));
    }

    void plainText_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("maxChars");
        QTest::addColumn<QString>("expected");
        QTest::newRow("blocks on lines") << "<p>Un   <b>deux</b>\n trois</p><ul><li>a</li><li>b</li></ul>fin" << 100
                                         << "Un deux trois\na\nb\nfin";
        QTest::newRow("br") << "a<br>b" << 100 << "a\nb";
        QTest::newRow("pre keeps spaces") << "<pre>a  b\n c</pre>" << 100 << "a  b\n c";
        QTest::newRow("no script, no reply") << "<mx-reply>q</mx-reply><script>s</script>r" << 100 << "r";
        QTest::newRow("image alt") << "voir <img src=\"mxc://e.org/a\" alt=\"la photo\">" << 100 << "voir la photo";
        QTest::newRow("spoiler hidden") << "a <span data-mx-spoiler>secret</span> b" << 100
                                        << QStringLiteral("a \u2588\u2588\u2588 b");
        QTest::newRow("cut") << "<p>abcdefghij</p>" << 5 << QStringLiteral("abcd\u2026");
        // Found by fuzz_html_sanitizer: the closers a cut inside embeddings needs must fit in maxChars too.
        QTest::newRow("cut inside embeddings") << QStringLiteral("<p>\u202Aab\u202Bcd\u202Eef</p>") << 6
                                               << QStringLiteral("\u202Aab\u202C\u2026");
        QTest::newRow("nothing allowed") << "abc" << 0 << "";
        QTest::newRow("entities") << "&lt;b&gt; &amp;" << 100 << "<b> &";
        QTest::newRow("table cells") << "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>" << 100
                                     << "a\tb\nc";
        QTest::newRow("bidi balanced") << QStringLiteral("<b>\u202Eabc</b>def") << 100
                                       << QStringLiteral("\u202Eabc\u202Cdef");
    }
    void plainText()
    {
        QFETCH(QString, input);
        QFETCH(int, maxChars);
        QFETCH(QString, expected);
        QCOMPARE(HtmlSanitizer::toPlainText(input, maxChars), expected);
    }

    void emptyAndBlank()
    {
        QCOMPARE(sanitized(QString()), QString());
        QCOMPARE(sanitized("   "), QString()); // white space before any element is no text in HTML
        QCOMPARE(sanitized("a   b"), QStringLiteral("a   b"));
        QVERIFY(!HtmlSanitizer::sanitize(QString()).truncated);
    }
};

QTEST_MAIN(TestHtmlSanitizer)
#include "test_html_sanitizer.moc"
