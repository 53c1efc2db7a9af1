#pragma once

#include <QSize>
#include <QString>
#include <QStringView>
#include <QUrl>

namespace estafette {

// The values received HTML may carry into what Estafette shows, each checked strictly: anything that does not
// match is refused (an empty result), never repaired into something the sender did not write.
class HtmlAttributeRules {
public:
    static constexpr int kMaxImageWidth = 800;
    static constexpr int kMaxImageHeight = 600;

    // "#rrggbb" (lower case) from data-mx-color, data-mx-bg-color or font color; empty for anything else
    // (names, rgb(), url(), expressions).
    static QString color(const QString &value);

    // A link target as it may be followed: http, https or mailto only (scheme case-insensitive, after the
    // spaces and control characters a browser ignores), absolute, with a host for http(s). Returned fully
    // percent-encoded (host in ACE form); empty when refused (javascript:, data:, vbscript:, relative,
    // protocol-relative, malformed…).
    static QString safeHref(const QString &value);
    static bool isAllowedLinkScheme(const QUrl &url);

    // The first class "language-xxx" of a <code> class list; empty when none is well-formed.
    static QString codeLanguageClass(const QString &classes);

    // <a name>: [A-Za-z0-9_-], 1 to 64 characters; empty otherwise.
    static QString anchorName(const QString &value);

    // A positive integer of at most 6 digits, nothing else; -1 otherwise.
    static int dimension(const QString &value);
    // width/height attributes (each -1 when absent or invalid) scaled down, keeping the ratio, to fit
    // kMaxImageWidth x kMaxImageHeight; an invalid size unless both are known. Qt 6.4 can lay a document out
    // forever when an image given a width but no height (nor pixels yet) stands before a table holding another
    // one (found by fuzz_sync_parser): one dimension alone is never passed on.
    static QSize cappedImageSize(int width, int height);

    // <ol start>: an integer within ±1,000,000; nullopt-like `ok` false otherwise.
    static int listStart(const QString &value, bool *ok);

    // Text or an attribute value made inert: & < > " escaped.
    static QString escaped(QStringView text);
    static void appendEscaped(QString &out, QStringView text);
};

} // namespace estafette
