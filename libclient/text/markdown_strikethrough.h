#pragma once

struct cmark_node;

namespace estafette {

// ~~text~~ as <del>text</del> on a cmark tree (plain CommonMark has no strikethrough). Worked on the tree, not
// the source, so that code spans and code blocks keep their tildes and the struck text can hold other
// formatting (~~a **b** c~~). A pair is two tildes exactly, the opening pair followed and the closing pair
// preceded by something other than white space, both within the same parent (as in GitHub's Markdown); pairs
// are matched left to right, unmatched tildes stay text. Text nodes must have been consolidated first.
class MarkdownStrikethrough {
public:
    static void apply(cmark_node *document);
};

} // namespace estafette
