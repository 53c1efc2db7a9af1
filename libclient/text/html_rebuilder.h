#pragma once

#include "text/html_tree_walker.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace estafette {

// Rebuilds received HTML from the allowlist of org.matrix.custom.html, as Qt rich text (QTextDocument::setHtml)
// shows it: every tag and attribute written here, none copied. Tags Qt does not know become one it does
// (del → s, details and summary → div), colours become our own style attribute, everything else that is
// not allowed disappears and leaves its text. Text is escaped and its bidirectional controls balanced.
//
// Spoilers (<span data-mx-spoiler>): every piece of text inside is written in the same colour on the same
// colour (kSpoilerColor), so it can't be read at a glance; the reason, when given, is shown before it in
// parentheses. Inside a spoiler, colours, links and images are left out (an image becomes its hidden alt text):
// each of them would show through.
class HtmlRebuilder : public HtmlVisitor {
public:
    static constexpr QLatin1String kSpoilerColor{"#808080"};

    HtmlRebuilder(int maxDepth, int maxNodes);

    bool enter(const HtmlElement &element) override;
    void leave(const HtmlElement &element) override;
    void text(QStringView text) override;
    bool wantsMore() const override { return !m_overNodes; }

    const QString &html() const { return m_out; }
    // The node limit was reached: the rest of the document was left out.
    bool truncated() const { return m_overNodes; }
    const QStringList &images() const { return m_images; }

private:
    struct Open {
        QLatin1String closing; // empty when the element was dropped or flattened
        bool lineAfter = false; // a block left out: a line break keeps its text apart from what follows
        bool spoiler = false;
    };

    bool enterContainer(const HtmlElement &element, HtmlTag tag);
    // The opening tag of an allowed container and the matching closing tag; empty to leave the element out.
    QLatin1String openTag(const HtmlElement &element, HtmlTag tag);
    QLatin1String openColoured(const HtmlElement &element, HtmlTag tag);
    QLatin1String openLink(const HtmlElement &element);
    void emitImage(const HtmlElement &element);
    void appendText(QStringView text);
    // A left-out block's text goes on lines of its own (no break is written before the first text or after the
    // last one).
    void breakLine();
    // A block written (or <br>, <hr>): it separates lines itself.
    void atBlockBoundary();

    const int m_maxDepth;
    const int m_maxNodes;
    int m_nodes = 0;
    int m_depth = 0;   // allowed elements open in the output
    int m_spoiler = 0; // spoilers open around the current node
    bool m_overNodes = false;
    bool m_textOnLine = false;   // text written since the last block boundary
    bool m_pendingBreak = false; // a left-out block ended after text: a line break before any more text
    std::vector<Open> m_open;
    QString m_out;
    QStringList m_images;
};

} // namespace estafette
