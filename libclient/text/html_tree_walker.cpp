#include "text/html_tree_walker.h"

#include <gumbo.h>

#include <vector>

namespace estafette {

namespace {

const GumboVector *childrenOf(const GumboNode *node)
{
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
        return &node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT)
        return &node->v.document.children;
    return nullptr;
}

} // namespace

void HtmlTreeWalker::walk(const GumboNode *root, HtmlVisitor &visitor)
{
    if (!root)
        return;
    struct Frame {
        const GumboNode *node;
        unsigned next; // index of the next child to visit
    };
    std::vector<Frame> stack;
    const auto visit = [&](const GumboNode *node) {
        switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            visitor.text(QString::fromUtf8(node->v.text.text));
            break;
        case GUMBO_NODE_ELEMENT: {
            // <template> content is a document fragment of its own: never shown (HtmlTag::DropWhole).
            const HtmlElement element(node);
            if (element.tag() != HtmlTag::DropWhole && visitor.enter(element))
                stack.push_back({node, 0});
            break;
        }
        case GUMBO_NODE_DOCUMENT:
            stack.push_back({node, 0});
            break;
        case GUMBO_NODE_COMMENT:
        case GUMBO_NODE_TEMPLATE:
            break;
        }
    };
    visit(root);
    while (!stack.empty()) {
        Frame &frame = stack.back();
        const GumboVector *children = childrenOf(frame.node);
        if (visitor.wantsMore() && children && frame.next < children->length) {
            const auto *child = static_cast<const GumboNode *>(children->data[frame.next++]);
            visit(child); // may grow the stack: `frame` is not used after this
            continue;
        }
        const GumboNode *done = frame.node;
        stack.pop_back();
        if (done->type == GUMBO_NODE_ELEMENT)
            visitor.leave(HtmlElement(done));
    }
}

} // namespace estafette
