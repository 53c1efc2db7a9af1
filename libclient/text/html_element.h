#pragma once

#include <QString>

struct GumboInternalNode;

namespace estafette {

// What the sanitiser does with an element of received HTML.
enum class HtmlTag {
    Other,      // not in the allowlist: dropped, its content kept
    OtherBlock, // the same, for a block (section, dl, dd…): a line break keeps its text apart
    DropWhole,  // dropped with all it contains (script, style, svg, mx-reply…)
    // The allowlist of org.matrix.custom.html.
    Font, Del, H1, H2, H3, H4, H5, H6, Blockquote, P, A, Ul, Ol, Sup, Sub, Li, B, I, U, Strong, Em, S, Code, Hr,
    Br, Div, Table, Thead, Tbody, Tr, Th, Td, Caption, Pre, Span, Img, Details, Summary,
};

// A read-only view over one element of a gumbo tree: its kind and its attributes, entities decoded.
class HtmlElement {
public:
    explicit HtmlElement(const GumboInternalNode *node) : m_node(node) {}

    HtmlTag tag() const;
    // Whether the element is a block of its own (a paragraph, a list, a table row, a left-out <section>…).
    static bool isBlock(HtmlTag tag);
    bool isSpoiler() const;
    bool hasAttribute(const char *name) const;
    // The attribute's value, entities decoded; empty when absent.
    QString attribute(const char *name) const;

private:
    const GumboInternalNode *m_node;
};

} // namespace estafette
