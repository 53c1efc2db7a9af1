#include "text/markdown_strikethrough.h"

#include <cmark.h>

#include <QString>

#include <optional>
#include <vector>

namespace estafette {

namespace {

QString literalOf(cmark_node *node)
{
    const char *literal = cmark_node_get_literal(node);
    return literal ? QString::fromUtf8(literal) : QString();
}

void setLiteral(cmark_node *node, const QString &text)
{
    cmark_node_set_literal(node, text.toUtf8().constData());
}

cmark_node *newText(const QString &text)
{
    cmark_node *node = cmark_node_new(CMARK_NODE_TEXT);
    setLiteral(node, text);
    return node;
}

bool isText(cmark_node *node) { return node && cmark_node_get_type(node) == CMARK_NODE_TEXT; }

bool isBreak(cmark_node *node)
{
    const cmark_node_type type = cmark_node_get_type(node);
    return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK;
}

bool canHoldInlines(cmark_node *node)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_CUSTOM_INLINE:
        return true;
    default:
        return false;
    }
}

// A run of exactly two tildes at `at` in `text`.
bool isPair(const QString &text, qsizetype at)
{
    const QLatin1Char tilde('~');
    return at + 1 < text.size() && text.at(at) == tilde && text.at(at + 1) == tilde
           && (at == 0 || text.at(at - 1) != tilde) && (at + 2 >= text.size() || text.at(at + 2) != tilde);
}

struct Mark {
    cmark_node *node;
    qsizetype at;
};

// Whether the pair at `at` of `node` may open: followed by a non-space, in this node or the next one.
bool mayOpen(cmark_node *node, const QString &text, qsizetype at)
{
    if (at + 2 < text.size())
        return !text.at(at + 2).isSpace();
    cmark_node *next = cmark_node_next(node);
    return next && !isBreak(next);
}

bool mayClose(cmark_node *node, const QString &text, qsizetype at)
{
    if (at > 0)
        return !text.at(at - 1).isSpace();
    cmark_node *previous = cmark_node_previous(node);
    return previous && !isBreak(previous);
}

// The first pair at or after (node, from) that satisfies `accept`, among `node` and its following siblings.
template<typename Accept>
std::optional<Mark> findPair(cmark_node *node, qsizetype from, Accept accept)
{
    for (; node; node = cmark_node_next(node), from = 0) {
        if (!isText(node))
            continue;
        const QString text = literalOf(node);
        for (qsizetype at = text.indexOf(QLatin1String("~~"), from); at >= 0;
             at = text.indexOf(QLatin1String("~~"), at + 1)) {
            if (isPair(text, at) && accept(node, text, at))
                return Mark{node, at};
        }
    }
    return std::nullopt;
}

// Replaces opener..closer by a <del> holding what was between them; returns the node after the <del>.
cmark_node *strike(const Mark &opener, const Mark &closer, std::vector<cmark_node *> *created)
{
    cmark_node *del = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(del, "<del>");
    cmark_node_set_on_exit(del, "</del>");
    created->push_back(del);

    const QString openText = literalOf(opener.node);
    cmark_node_insert_after(opener.node, del);
    if (opener.node == closer.node) {
        const QString inner = openText.mid(opener.at + 2, closer.at - opener.at - 2);
        cmark_node_append_child(del, newText(inner));
        const QString after = openText.mid(closer.at + 2);
        if (!after.isEmpty())
            cmark_node_insert_after(del, newText(after));
        setLiteral(opener.node, openText.left(opener.at));
        if (opener.at == 0)
            cmark_node_free(opener.node);
        return cmark_node_next(del);
    }
    const QString firstInner = openText.mid(opener.at + 2);
    if (!firstInner.isEmpty())
        cmark_node_append_child(del, newText(firstInner));
    while (cmark_node_next(del) != closer.node)
        cmark_node_append_child(del, cmark_node_next(del)); // moves it
    const QString closeText = literalOf(closer.node);
    if (closer.at > 0)
        cmark_node_append_child(del, newText(closeText.left(closer.at)));
    setLiteral(opener.node, openText.left(opener.at));
    if (opener.at == 0)
        cmark_node_free(opener.node);
    const QString after = closeText.mid(closer.at + 2);
    if (after.isEmpty())
        cmark_node_free(closer.node);
    else
        setLiteral(closer.node, after);
    return cmark_node_next(del);
}

void strikeChildren(cmark_node *parent, std::vector<cmark_node *> *created)
{
    cmark_node *from = cmark_node_first_child(parent);
    qsizetype offset = 0;
    while (from) {
        const std::optional<Mark> opener = findPair(from, offset, mayOpen);
        if (!opener)
            return;
        // The closer comes after the opener's two tildes (the same pair can't do both).
        const std::optional<Mark> closer = findPair(opener->node, opener->at + 2, mayClose);
        if (!closer)
            return;
        from = strike(*opener, *closer, created);
        offset = 0;
    }
}

} // namespace

void MarkdownStrikethrough::apply(cmark_node *document)
{
    std::vector<cmark_node *> parents;
    cmark_iter *iter = cmark_iter_new(document);
    for (cmark_event_type event; (event = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(iter);
        if (event == CMARK_EVENT_ENTER && canHoldInlines(node))
            parents.push_back(node);
    }
    cmark_iter_free(iter);
    // Struck text is a parent too: a pair inside one (~~a ~~b~~ c~~ aside) is matched there.
    while (!parents.empty()) {
        cmark_node *parent = parents.back();
        parents.pop_back();
        strikeChildren(parent, &parents);
    }
}

} // namespace estafette
