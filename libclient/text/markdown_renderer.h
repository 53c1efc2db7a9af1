#pragma once

#include <QString>

namespace estafette {

// What the composer sends for what the person typed: `body` is the text unchanged (as Element does), and
// `formattedBody` the org.matrix.custom.html rendering of it as CommonMark (cmark), with ~~strikethrough~~ and
// every line break kept (messages are written line by line), or empty when it would add nothing to the plain
// text: paragraphs of ordinary text, `a < b & c` included, send no formatted_body.
//
// Raw HTML typed in the message is not HTML in the result: it is shown as the text it is. Links and images keep
// their target only when it is http, https or mailto (images: mxc://); otherwise they are their text.
class MarkdownRenderer {
public:
    struct Result {
        QString body;
        QString formattedBody; // empty when the HTML adds nothing to the plain text
    };

    static Result render(const QString &markdown);

    // `text` with every ASCII punctuation character backslash-escaped, so that it reads as itself in Markdown
    // (a display name put in link text: [Jean \*le\* Grand](https://matrix.to/#/@jean:example.org)).
    static QString escapeForMarkdown(const QString &text);
};

} // namespace estafette
