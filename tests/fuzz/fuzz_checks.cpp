#include "fuzz_checks.h"

#include "text/html_sanitizer.h"
#include "text/link_safety.h"
#include "text/markdown_renderer.h"
#include "text/reply_fallback.h"

#include <QAbstractTextDocumentLayout>
#include <QGuiApplication>
#include <QSet>
#include <QStringList>
#include <QTextDocument>

#include <cstdio>
#include <cstdlib>

namespace estafette::fuzz {

namespace {

[[noreturn]] void fail(const char *what, const QString &html)
{
    std::fprintf(stderr, "fuzz check failed: %s\n%s\n", what, html.left(2000).toUtf8().constData());
    std::abort();
}

class ResourceGuard : public QTextDocument {
protected:
    QVariant loadResource(int, const QUrl &name) override
    {
        if (name.scheme() != QLatin1String("mxc"))
            fail("Qt asked for a resource that is not mxc://", name.toString());
        return {};
    }
};

bool isOwnStyle(QStringView value)
{
    // color:#xxxxxx, background-color:#xxxxxx, both, or font-weight:bold.
    if (value == QLatin1String("font-weight:bold"))
        return true;
    const auto isColour = [](QStringView v) {
        if (v.size() != 7 || v.front() != QLatin1Char('#'))
            return false;
        for (QChar c : v.sliced(1)) {
            if (!c.isDigit() && !(c >= QLatin1Char('a') && c <= QLatin1Char('f')))
                return false;
        }
        return true;
    };
    for (QStringView part : value.split(QLatin1Char(';'))) {
        if (part.startsWith(QLatin1String("color:")) && isColour(part.sliced(6)))
            continue;
        if (part.startsWith(QLatin1String("background-color:")) && isColour(part.sliced(17)))
            continue;
        return false;
    }
    return true;
}

// Reads the attributes of one of our tags: name="value" pairs, values without quotes or angle brackets.
void checkAttributes(QStringView attributes, const QString &html)
{
    static const QSet<QString> known = {"href", "name", "src", "width", "height", "alt", "title", "start",
                                        "class", "style"};
    qsizetype i = 0;
    while (i < attributes.size()) {
        if (attributes.at(i) == QLatin1Char(' ')) {
            ++i;
            continue;
        }
        const qsizetype eq = attributes.indexOf(QLatin1String("=\""), i);
        if (eq < 0)
            fail("attribute without a quoted value", html);
        const QString name = attributes.sliced(i, eq - i).toString();
        const qsizetype close = attributes.indexOf(QLatin1Char('"'), eq + 2);
        if (close < 0)
            fail("unterminated attribute value", html);
        const QStringView value = attributes.sliced(eq + 2, close - eq - 2);
        if (!known.contains(name))
            fail("unknown attribute", html);
        if (name == QLatin1String("style") && !isOwnStyle(value))
            fail("style that is not ours", html);
        if (name == QLatin1String("src") && !value.startsWith(QLatin1String("mxc://")))
            fail("image that is not mxc", html);
        if (name == QLatin1String("href") && !value.startsWith(QLatin1String("https://"))
            && !value.startsWith(QLatin1String("http://")) && !value.startsWith(QLatin1String("mailto:")))
            fail("link that is not http, https or mailto", html);
        i = close + 1;
    }
}

void checkMarkup(const QString &html)
{
    static const QSet<QString> tags = {
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u",
        "strong", "em", "s", "code", "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td", "caption",
        "pre", "span", "img"};
    QStringList open;
    qsizetype i = 0;
    while (true) {
        const qsizetype lt = html.indexOf(QLatin1Char('<'), i);
        const qsizetype strayGt = html.indexOf(QLatin1Char('>'), i);
        if (strayGt >= 0 && (lt < 0 || strayGt < lt))
            fail("'>' in text", html);
        if (lt < 0)
            break;
        const qsizetype gt = html.indexOf(QLatin1Char('>'), lt);
        if (gt < 0)
            fail("unterminated tag", html);
        QStringView tag = QStringView(html).sliced(lt + 1, gt - lt - 1);
        const bool closing = tag.startsWith(QLatin1Char('/'));
        const bool selfClosing = tag.endsWith(QLatin1String(" /"));
        if (closing)
            tag = tag.sliced(1);
        if (selfClosing)
            tag.chop(2);
        const qsizetype space = tag.indexOf(QLatin1Char(' '));
        const QString name = (space < 0 ? tag : tag.left(space)).toString();
        if (!tags.contains(name))
            fail("unknown tag", html);
        if (space >= 0) {
            if (closing)
                fail("attributes on an end tag", html);
            checkAttributes(tag.sliced(space), html);
        }
        if (closing) {
            if (open.isEmpty() || open.last() != name)
                fail("unbalanced end tag", html);
            open.removeLast();
        } else if (!selfClosing) {
            open.append(name);
        }
        if (open.size() > 40)
            fail("nested deeper than maxDepth allows", html);
        i = gt + 1;
    }
    if (!open.isEmpty())
        fail("element left open", html);
}

void quiet(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "%s\n", message.toUtf8().constData());
        std::abort();
    }
}

} // namespace

void initialise(int *argc, char ***argv)
{
    qInstallMessageHandler(quiet);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication application(*argc, *argv);
}

void checkSanitised(const QString &html)
{
    checkMarkup(html);
    ResourceGuard document;
    document.setHtml(html);
    document.setTextWidth(600);
    document.documentLayout()->documentSize();
}

void exerciseMessageText(const QString &body, const QString &formattedBody)
{
    const HtmlSanitizer::Result result = HtmlSanitizer::sanitize(formattedBody);
    checkSanitised(result.html);
    for (const QString &image : result.images) {
        if (!image.startsWith(QLatin1String("mxc://")))
            fail("listed image that is not mxc", image);
    }
    // Small limits reach the cutting paths (depth, nodes, parser memory) with small inputs.
    HtmlSanitizer::Limits small;
    small.maxInputBytes = 2048;
    small.maxDepth = 3;
    small.maxNodes = 64;
    small.maxParserBytes = 96 * 1024;
    const HtmlSanitizer::Result cut = HtmlSanitizer::sanitize(formattedBody, small);
    checkSanitised(cut.html); // flattened tables and lists, cut documents: Qt must take them too
    if (formattedBody.toUtf8().size() > small.maxInputBytes && !cut.truncated)
        fail("input over maxInputBytes not marked truncated", formattedBody);

    const QString plain = HtmlSanitizer::toPlainText(formattedBody, 200);
    if (plain.size() > 200)
        fail("toPlainText longer than maxChars", plain);

    const QString stripped = stripReplyFallbackBody(body);
    if (!body.endsWith(stripped))
        fail("reply fallback stripping changed the reply", body);

    const MarkdownRenderer::Result markdown = MarkdownRenderer::render(body.left(4096));
    if (!markdown.formattedBody.isEmpty()) {
        const HtmlSanitizer::Result shown = HtmlSanitizer::sanitize(markdown.formattedBody);
        checkMarkup(shown.html);
    }
    const LinkCheck link = LinkSafety::check(body.left(256), QUrl(body.left(1024)));
    Q_UNUSED(link);
}

} // namespace estafette::fuzz
