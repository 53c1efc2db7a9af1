#pragma once

#include <QString>
#include <QStringList>

namespace estafette {

// Turns a received formatted_body (org.matrix.custom.html, untrusted) into HTML that Qt rich text
// (QTextDocument::setHtml) may be given: parsed by gumbo, a real HTML5 parser, then rebuilt from the spec's
// allowlist (HtmlRebuilder says how), links http/https/mailto only, images mxc:// only (the app resolves them
// from its own cache: the output makes Qt load nothing else), colours #rrggbb only, nesting and size bounded.
// The reply fallback (<mx-reply>) is always removed. Pure functions, safe on any thread.
class HtmlSanitizer {
public:
    struct Limits {
        int maxInputBytes = 128 * 1024; // UTF-8 bytes of source parsed; the rest is cut
        int maxDepth = 32;              // allowed elements nested in the output; deeper ones become their text
        int maxNodes = 20000;           // elements and text nodes written; the rest of the document is left out
        // Memory gumbo's parse may take. An ordinary 128 KB body needs 0.5 to 6 MB; a hostile one that needs more
        // is parsed again from a quarter of its length until it fits.
        int maxParserBytes = 16 * 1024 * 1024;
    };

    struct Result {
        QString html;
        bool truncated = false; // the input was over a limit: the output is cut, never the whole thing
        QStringList images;     // the mxc:// URIs kept, in document order
    };

    static Result sanitize(const QString &html);
    static Result sanitize(const QString &html, const Limits &limits);

    // The text a person reads in `html` (see HtmlTextCollector), at most maxChars characters.
    static QString toPlainText(const QString &html, int maxChars);
};

} // namespace estafette
