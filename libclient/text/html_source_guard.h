#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace estafette {

// The bytes of a received formatted_body as they may be handed to gumbo.
struct GuardedSource {
    QByteArray utf8;
    bool truncated = false; // the source was cut (too long, or nested too deep)
};

// Cuts untrusted HTML before gumbo parses it. Gumbo is a faithful HTML5 parser, and HTML5 tree building costs
// time in proportion to the depth of the open elements for every tag: 20,000 nested <div> (100 KB) take 9 s to
// parse here. So the source is cut at maxBytes (UTF-8), then a light scan that counts open elements the way
// the tree builder roughly will (void elements and those whose end tag may be left out do not count, an end tag
// only closes a name that is open) cuts it where more than kMaxNesting elements, or kMaxOpenFormatting
// formatting elements (b, i, font…, which the parser re-creates in every block they are left open across), would
// be open. The scan is an estimate: what it gets wrong costs only a cut, never safety, since gumbo's tree is what
// gets rebuilt from the allowlist.
class HtmlSourceGuard {
public:
    // The spec's limit: "Tags must not be nested more than 100 levels deep".
    static constexpr int kMaxNesting = 100;
    static constexpr int kMaxOpenFormatting = 16;

    static GuardedSource prepare(const QString &html, int maxBytes);

    // How many bytes of `utf8` the nesting scan keeps (all of them when within the limits).
    static qsizetype nestingCut(QByteArrayView utf8);

    // The longest prefix of at most `maxBytes` that does not end inside a UTF-8 sequence.
    static qsizetype utf8Boundary(QByteArrayView utf8, qsizetype maxBytes);
};

} // namespace estafette
