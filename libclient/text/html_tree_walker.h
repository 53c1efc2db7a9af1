#pragma once

#include "text/html_element.h"

#include <QStringView>

struct GumboInternalNode;

namespace estafette {

// What a walk over received HTML tells its visitor, in document order. Elements the sanitiser drops whole
// (HtmlTag::DropWhole, and everything outside the HTML namespace: svg, math) and comments are never shown.
class HtmlVisitor {
public:
    virtual ~HtmlVisitor() = default;
    // Whether to walk the element's children; leave() is called after them only when it returns true.
    virtual bool enter(const HtmlElement &element) = 0;
    virtual void leave(const HtmlElement &element) = 0;
    virtual void text(QStringView text) = 0;
    // False to end the walk early (a limit reached): leave() is still called for every element entered.
    virtual bool wantsMore() const { return true; }
};

// Walks a gumbo tree without recursion (a deep document must not exhaust the stack).
class HtmlTreeWalker {
public:
    static void walk(const GumboInternalNode *root, HtmlVisitor &visitor);
};

} // namespace estafette
