#include "text/html_sanitizer.h"

#include "text/gumbo_document.h"
#include "text/html_rebuilder.h"
#include "text/html_source_guard.h"
#include "text/html_text_collector.h"
#include "text/html_tree_walker.h"

#include <memory>

namespace estafette {

namespace {

// Parses what the source guard keeps of `html`; a source whose tree would not fit in the parser's memory is
// cut to a quarter, again, until it does (or nothing is left).
std::unique_ptr<GumboDocument> parse(const QString &html, const HtmlSanitizer::Limits &limits, bool *truncated)
{
    GuardedSource source = HtmlSourceGuard::prepare(html, limits.maxInputBytes);
    *truncated = source.truncated;
    const auto budget = std::size_t(std::max(limits.maxParserBytes, 0));
    while (true) {
        auto document = std::make_unique<GumboDocument>(source.utf8, budget);
        if (document->isParsed())
            return document;
        *truncated = true;
        if (source.utf8.isEmpty())
            return nullptr;
        source.utf8.truncate(HtmlSourceGuard::utf8Boundary(source.utf8, source.utf8.size() / 4));
    }
}

} // namespace

HtmlSanitizer::Result HtmlSanitizer::sanitize(const QString &html)
{
    return sanitize(html, Limits{});
}

HtmlSanitizer::Result HtmlSanitizer::sanitize(const QString &html, const Limits &limits)
{
    Result result;
    const std::unique_ptr<GumboDocument> document = parse(html, limits, &result.truncated);
    if (!document)
        return result;
    HtmlRebuilder rebuilder(limits.maxDepth, limits.maxNodes);
    HtmlTreeWalker::walk(document->root(), rebuilder);
    result.html = rebuilder.html();
    result.truncated = result.truncated || rebuilder.truncated();
    result.images = rebuilder.images();
    return result;
}

QString HtmlSanitizer::toPlainText(const QString &html, int maxChars)
{
    bool truncated = false;
    const std::unique_ptr<GumboDocument> document = parse(html, Limits{}, &truncated);
    if (!document)
        return {};
    HtmlTextCollector collector(maxChars);
    HtmlTreeWalker::walk(document->root(), collector);
    return collector.result();
}

} // namespace estafette
