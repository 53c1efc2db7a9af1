#include "text/link_safety.h"

#include <QRegularExpression>
#include <QSet>

namespace estafette {

namespace {

// Invisible characters (format controls: bidirectional overrides, zero-width joiners, soft hyphens…) say
// nothing about where a link goes and can hide what it says.
QString withoutFormatCharacters(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : QStringView(text).toUcs4()) {
        if (QChar::category(c) != QChar::Other_Format)
            out.append(QChar::fromUcs4(c));
    }
    return out;
}

bool hasFormatCharacters(const QString &text)
{
    return withoutFormatCharacters(text).size() != text.size();
}

// What two hosts are compared as: ACE, lower case, no trailing dot, no leading "www.".
QString comparableHost(const QString &host)
{
    QString ace = QString::fromLatin1(QUrl::toAce(host, QUrl::IgnoreIDNWhitelist));
    if (ace.isEmpty())
        ace = host;
    ace = ace.toLower();
    while (ace.endsWith(QLatin1Char('.')))
        ace.chop(1);
    if (ace.startsWith(QLatin1String("www.")))
        ace.remove(0, 4);
    return ace;
}

// The domain of the first address of a mailto: URL.
QString mailDomain(const QString &address)
{
    const QString first = address.section(QLatin1Char(','), 0, 0).section(QLatin1Char('?'), 0, 0);
    const qsizetype at = first.lastIndexOf(QLatin1Char('@'));
    return at < 0 ? QString() : first.mid(at + 1).toLower();
}

QString targetHost(const QUrl &href)
{
    if (href.scheme().compare(QLatin1String("mailto"), Qt::CaseInsensitive) == 0)
        return mailDomain(href.path(QUrl::FullyDecoded));
    return href.host(QUrl::FullyDecoded);
}

// Latin letters' lookalikes in Cyrillic and Greek (lower case: labels are compared in lower case).
bool imitatesLatin(char32_t c)
{
    static const QSet<char32_t> lookalikes = {
        // Cyrillic а в е ѕ і ј к м н о р с т у х ԁ һ ӏ ԛ ԝ ү ѵ ѡ
        0x0430, 0x0432, 0x0435, 0x0455, 0x0456, 0x0458, 0x043A, 0x043C, 0x043D, 0x043E, 0x0440, 0x0441, 0x0442,
        0x0443, 0x0445, 0x0501, 0x04BB, 0x04CF, 0x051B, 0x051D, 0x04AF, 0x0475, 0x0461,
        // Greek α β ε ι κ ν ο ρ τ υ χ
        0x03B1, 0x03B2, 0x03B5, 0x03B9, 0x03BA, 0x03BD, 0x03BF, 0x03C1, 0x03C4, 0x03C5, 0x03C7,
    };
    return lookalikes.contains(c);
}

bool isAllowedScriptMix(const QSet<QChar::Script> &scripts)
{
    if (scripts.size() <= 1)
        return true;
    // Japanese, Chinese and Korean names mix scripts, and Latin, as a matter of course.
    const QList<QSet<QChar::Script>> allowed = {
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Hiragana, QChar::Script_Katakana},
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Bopomofo},
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Hangul},
    };
    return std::any_of(allowed.begin(), allowed.end(), [&](const QSet<QChar::Script> &set) {
        return set.contains(scripts);
    });
}

bool isDeceptiveLabel(const QString &label)
{
    if (label.startsWith(QLatin1String("xn--"), Qt::CaseInsensitive))
        return true; // left in ACE by fromAce: not valid punycode
    QSet<QChar::Script> scripts;
    bool allLookalikes = true;
    bool anyLetter = false;
    for (const char32_t c : QStringView(label).toUcs4()) {
        const QChar::Script script = QChar::script(c);
        if (script == QChar::Script_Common || script == QChar::Script_Inherited)
            continue;
        scripts.insert(script);
        anyLetter = true;
        allLookalikes = allLookalikes && imitatesLatin(c);
    }
    if (!isAllowedScriptMix(scripts))
        return true;
    const bool cyrillicOrGreek = scripts.contains(QChar::Script_Cyrillic) || scripts.contains(QChar::Script_Greek);
    return anyLetter && cyrillicOrGreek && allLookalikes;
}

QString shownTarget(const QUrl &href, bool deceptiveHost)
{
    const QString display = href.toDisplayString(QUrl::RemovePassword);
    if (!deceptiveHost && !hasFormatCharacters(display))
        return display;
    return QString::fromLatin1(href.toEncoded(QUrl::RemovePassword));
}

} // namespace

QString LinkSafety::addressHost(const QString &text)
{
    QString t = withoutFormatCharacters(text).trimmed();
    // The address may be dressed: <…>, (…), "…", a full stop after it.
    static const QRegularExpression wrapping(QStringLiteral(R"(^[<(\["'«\s]+|[>)\]"'»\s.,;:!?]+$)"));
    t.remove(wrapping);
    if (t.isEmpty() || t.contains(QRegularExpression(QStringLiteral(R"(\s)"))))
        return {};
    if (t.contains(QLatin1String("://"))) {
        const QUrl url(t, QUrl::TolerantMode);
        return url.isValid() ? url.host(QUrl::FullyDecoded).toLower() : QString();
    }
    if (t.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
        return mailDomain(t.mid(7));
    // Labels of letters and digits (any script: IDN names count), hyphens inside, a final label of two
    // letters at least; or an IPv4 address. Then a port, a path, a query or a fragment may follow.
    static const QRegularExpression domain(QStringLiteral(
        R"(^(?:[^\s@/]+@)?((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})\.?(?::[0-9]{1,5})?(?:[/?#].*)?\z)"));
    const QRegularExpressionMatch match = domain.match(t);
    return match.hasMatch() ? match.captured(1).toLower() : QString();
}

bool LinkSafety::isDeceptiveHost(const QString &host)
{
    if (host.isEmpty())
        return false;
    const QByteArray ace = QUrl::toAce(host, QUrl::IgnoreIDNWhitelist);
    if (ace.isEmpty())
        return true; // not a host name IDNA accepts
    const QString unicode = QUrl::fromAce(ace, QUrl::IgnoreIDNWhitelist);
    const QStringList labels = unicode.toLower().split(QLatin1Char('.'), Qt::SkipEmptyParts);
    return std::any_of(labels.begin(), labels.end(), isDeceptiveLabel);
}

LinkCheck LinkSafety::check(const QString &linkText, const QUrl &href)
{
    LinkCheck result;
    const QString host = targetHost(href);
    const bool deceptiveHost = isDeceptiveHost(host);
    result.shownTarget = shownTarget(href, deceptiveHost);
    const QString named = addressHost(linkText);
    const bool misnamed = !named.isEmpty() && comparableHost(named) != comparableHost(host);
    const bool hiddenHost = !href.userInfo().isEmpty();
    result.deceptive = deceptiveHost || misnamed || hiddenHost;
    return result;
}

} // namespace estafette
