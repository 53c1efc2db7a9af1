#include "text/html_source_guard.h"

#include <QHash>

#include <algorithm>
#include <array>
#include <cstring>

namespace estafette {

namespace {

bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool nameIn(QByteArrayView name, std::initializer_list<const char *> names)
{
    return std::any_of(names.begin(), names.end(), [&](const char *n) { return name == QByteArrayView(n); });
}

// Elements that never hold children.
bool isVoid(QByteArrayView name)
{
    return nameIn(name, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
                         "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// Elements the tree builder closes by itself when a sibling starts (or that it never nests): counting them
// would cut ordinary lists and tables.
bool closesItself(QByteArrayView name)
{
    return nameIn(name, {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
                         "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body"});
}

// The HTML5 "formatting elements", re-opened by the parser wherever they were left open.
bool isFormatting(QByteArrayView name)
{
    return nameIn(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt",
                         "u"});
}

// Elements whose content the tokenizer reads as text up to their own end tag.
bool isRawText(QByteArrayView name)
{
    return nameIn(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

class NestingScan {
public:
    explicit NestingScan(QByteArrayView s) : m_s(s) {}

    qsizetype run()
    {
        qsizetype i = 0;
        const qsizetype n = m_s.size();
        while (i < n) {
            const qsizetype lt = m_s.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n)
                return n;
            const char next = m_s.at(lt + 1);
            if (next == '!' && m_s.sliced(lt).startsWith("<!--")) {
                const qsizetype end = m_s.indexOf("-->", lt + 4);
                i = end < 0 ? n : end + 3;
            } else if (next == '!' || next == '?') {
                i = skipPastGt(lt + 2);
            } else if (next == '/' && lt + 2 < n && isAsciiAlpha(m_s.at(lt + 2))) {
                qsizetype end = lt + 2;
                const QByteArray name = readName(&end);
                close(name);
                i = skipPastGt(end);
            } else if (isAsciiAlpha(next)) {
                qsizetype end = lt + 1;
                const QByteArray name = readName(&end);
                if (!open(name))
                    return lt;
                i = skipTagRest(end);
                if (name == "plaintext")
                    return n; // everything after is text
                if (isRawText(name))
                    i = skipRawText(i, name);
            } else {
                i = lt + 1;
            }
        }
        return n;
    }

private:
    QByteArray readName(qsizetype *pos) const
    {
        qsizetype end = *pos;
        while (end < m_s.size() && !isHtmlSpace(m_s.at(end)) && m_s.at(end) != '/' && m_s.at(end) != '>')
            ++end;
        QByteArray name = m_s.sliced(*pos, end - *pos).toByteArray().toLower();
        *pos = end;
        return name;
    }

    qsizetype skipPastGt(qsizetype from) const
    {
        const qsizetype gt = m_s.indexOf('>', from);
        return gt < 0 ? m_s.size() : gt + 1;
    }

    // Attributes up to the tag's '>', a quoted value (right after '=') being skipped whole.
    qsizetype skipTagRest(qsizetype i) const
    {
        char lastSignificant = 0;
        while (i < m_s.size()) {
            const char c = m_s.at(i);
            if (c == '>')
                return i + 1;
            if ((c == '"' || c == '\'') && lastSignificant == '=') {
                const qsizetype close = m_s.indexOf(c, i + 1);
                if (close < 0)
                    return m_s.size();
                i = close + 1;
                lastSignificant = c;
                continue;
            }
            if (!isHtmlSpace(c))
                lastSignificant = c;
            ++i;
        }
        return i;
    }

    qsizetype skipRawText(qsizetype i, const QByteArray &name)
    {
        const QByteArray endTag = "</" + name;
        while (i < m_s.size()) {
            const qsizetype lt = m_s.indexOf("</", i);
            if (lt < 0)
                return m_s.size();
            if (m_s.sliced(lt, std::min(endTag.size(), m_s.size() - lt)).toByteArray().toLower() == endTag) {
                close(name);
                return skipPastGt(lt + endTag.size());
            }
            i = lt + 2;
        }
        return i;
    }

    // False when this element would open one too many.
    bool open(const QByteArray &name)
    {
        if (isVoid(name) || closesItself(name))
            return true;
        ++m_open[name];
        ++m_depth;
        if (isFormatting(name))
            ++m_formatting;
        return m_depth <= HtmlSourceGuard::kMaxNesting && m_formatting <= HtmlSourceGuard::kMaxOpenFormatting;
    }

    void close(const QByteArray &name)
    {
        const auto it = m_open.find(name);
        if (it == m_open.end() || *it == 0)
            return; // a stray end tag: the parser ignores it
        --*it;
        --m_depth;
        if (isFormatting(name))
            --m_formatting;
    }

    QByteArrayView m_s;
    QHash<QByteArray, int> m_open;
    int m_depth = 0;
    int m_formatting = 0;
};

} // namespace

qsizetype HtmlSourceGuard::utf8Boundary(QByteArrayView utf8, qsizetype maxBytes)
{
    if (utf8.size() <= maxBytes)
        return utf8.size();
    qsizetype cut = std::max<qsizetype>(maxBytes, 0);
    // Back over continuation bytes (10xxxxxx) to the start of the sequence the cut falls in.
    while (cut > 0 && (static_cast<unsigned char>(utf8.at(cut)) & 0xC0) == 0x80)
        --cut;
    return cut;
}

qsizetype HtmlSourceGuard::nestingCut(QByteArrayView utf8)
{
    return NestingScan(utf8).run();
}

GuardedSource HtmlSourceGuard::prepare(const QString &html, int maxBytes)
{
    GuardedSource out;
    const qsizetype limit = std::max(maxBytes, 0);
    // A character is at most 3 UTF-8 bytes (a surrogate pair, 2 QChars, is 4): converting `limit` QChars is
    // always enough, and a 5 MB body is never converted whole.
    out.utf8 = QStringView(html).left(limit).toUtf8();
    if (html.size() > limit || out.utf8.size() > limit) {
        out.utf8.truncate(utf8Boundary(out.utf8, limit));
        out.truncated = true;
    }
    const qsizetype kept = nestingCut(out.utf8);
    if (kept < out.utf8.size()) {
        out.utf8.truncate(kept);
        out.truncated = true;
    }
    return out;
}

} // namespace estafette
