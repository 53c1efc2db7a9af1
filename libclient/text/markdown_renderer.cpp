#include "text/markdown_renderer.h"

#include "media/mxc_uri.h"
#include "text/html_attribute_rules.h"
#include "text/markdown_strikethrough.h"

#include <cmark.h>

#include <QByteArray>

#include <cstdlib>
#include <memory>
#include <vector>

namespace estafette {

namespace {

struct NodeDeleter {
    void operator()(cmark_node *node) const { cmark_node_free(node); }
};
using Document = std::unique_ptr<cmark_node, NodeDeleter>;

std::vector<cmark_node *> nodesOfType(cmark_node *root, std::initializer_list<cmark_node_type> types)
{
    std::vector<cmark_node *> nodes;
    cmark_iter *iter = cmark_iter_new(root);
    for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter);
        if (event != CMARK_EVENT_EXIT && std::find(types.begin(), types.end(), cmark_node_get_type(node)) != types.end())
            nodes.push_back(node);
    }
    cmark_iter_free(iter);
    return nodes;
}

cmark_node *newText(const QByteArray &text)
{
    cmark_node *node = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(node, text.constData());
    return node;
}

// Raw HTML becomes the text it was typed as (cmark would otherwise drop it for a "raw HTML omitted" comment).
void rawHtmlToText(cmark_node *document)
{
    for (cmark_node *node : nodesOfType(document, {CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK})) {
        QByteArray literal(cmark_node_get_literal(node));
        if (cmark_node_get_type(node) == CMARK_NODE_HTML_INLINE) {
            cmark_node_insert_before(node, newText(literal));
        } else {
            while (literal.endsWith('\n'))
                literal.chop(1);
            cmark_node *paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
            const QList<QByteArray> lines = literal.split('\n');
            for (qsizetype i = 0; i < lines.size(); ++i) {
                if (i > 0)
                    cmark_node_append_child(paragraph, cmark_node_new(CMARK_NODE_SOFTBREAK));
                cmark_node_append_child(paragraph, newText(lines.at(i)));
            }
            cmark_node_insert_before(node, paragraph);
        }
        cmark_node_free(node);
    }
}

// A link to anything but http, https and mailto, an image anywhere but mxc://: what they hold stays, as text.
void unwrapUnsafeTargets(cmark_node *document)
{
    for (cmark_node *node : nodesOfType(document, {CMARK_NODE_LINK, CMARK_NODE_IMAGE})) {
        const QString url = QString::fromUtf8(cmark_node_get_url(node));
        QString safe;
        if (cmark_node_get_type(node) == CMARK_NODE_LINK)
            safe = HtmlAttributeRules::safeHref(url);
        else
            safe = MxcUri::parse(url).toString();
        if (!safe.isEmpty()) {
            cmark_node_set_url(node, safe.toUtf8().constData());
            continue;
        }
        while (cmark_node *child = cmark_node_first_child(node))
            cmark_node_insert_before(node, child);
        cmark_node_free(node);
    }
}


// Whether the document is only paragraphs of text that reads exactly as the source does (no escapes, no
// entities): then the HTML would add nothing.
bool isPlainText(cmark_node *document, const QString &source)
{
    QString text;
    for (cmark_node *block = cmark_node_first_child(document); block; block = cmark_node_next(block)) {
        if (cmark_node_get_type(block) != CMARK_NODE_PARAGRAPH)
            return false;
        for (cmark_node *node = cmark_node_first_child(block); node; node = cmark_node_next(node)) {
            switch (cmark_node_get_type(node)) {
            case CMARK_NODE_TEXT:
                text += QString::fromUtf8(cmark_node_get_literal(node));
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                text += QLatin1Char(' ');
                break;
            default:
                return false;
            }
        }
        text += QLatin1Char(' ');
    }
    return text.simplified() == source.simplified();
}

QString renderHtml(cmark_node *document)
{
    // CMARK_OPT_HARDBREAKS: a soft break is <br />. Raw HTML is gone already; the default (safe) mode stays on.
    char *rendered = cmark_render_html(document, CMARK_OPT_HARDBREAKS);
    QString html = QString::fromUtf8(rendered);
    std::free(rendered);
    while (html.endsWith(QLatin1Char('\n')))
        html.chop(1);
    // One paragraph needs no <p> (the spec asks for no HTML that is not needed).
    cmark_node *first = cmark_node_first_child(document);
    if (first && !cmark_node_next(first) && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH
        && html.startsWith(QLatin1String("<p>")) && html.endsWith(QLatin1String("</p>"))) {
        html = html.mid(3, html.size() - 7);
    }
    return html;
}

} // namespace

MarkdownRenderer::Result MarkdownRenderer::render(const QString &markdown)
{
    Result result;
    result.body = markdown;
    const QByteArray source = markdown.toUtf8();
    const Document document(cmark_parse_document(source.constData(), std::size_t(source.size()),
                                                 CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8));
    if (!document)
        return result;
    rawHtmlToText(document.get());
    unwrapUnsafeTargets(document.get());
    cmark_consolidate_text_nodes(document.get());
    MarkdownStrikethrough::apply(document.get());
    if (!isPlainText(document.get(), markdown))
        result.formattedBody = renderHtml(document.get());
    return result;
}

QString MarkdownRenderer::escapeForMarkdown(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 4);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool punctuation = (u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) || (u >= 0x5B && u <= 0x60)
                                 || (u >= 0x7B && u <= 0x7E);
        if (punctuation)
            out.append(QLatin1Char('\\'));
        out.append(c);
    }
    return out;
}

} // namespace estafette
