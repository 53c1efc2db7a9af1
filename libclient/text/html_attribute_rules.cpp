#include "text/html_attribute_rules.h"

#include <QRegularExpression>

namespace estafette {

namespace {

bool isAsciiDigit(QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; }

bool isHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return isAsciiDigit(c) || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

// What the WHATWG URL parser strips before reading a URL: C0 controls and spaces around it, tabs and newlines
// anywhere in it ("java\tscript:" is javascript: to a browser).
QString urlAsParsed(const QString &value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && value.at(begin).unicode() <= 0x20)
        ++begin;
    while (end > begin && value.at(end - 1).unicode() <= 0x20)
        --end;
    QString out;
    out.reserve(end - begin);
    for (qsizetype i = begin; i < end; ++i) {
        const QChar c = value.at(i);
        if (c != QLatin1Char('\t') && c != QLatin1Char('\n') && c != QLatin1Char('\r'))
            out.append(c);
    }
    return out;
}

} // namespace

QString HtmlAttributeRules::color(const QString &value)
{
    const QString v = value.trimmed();
    if (v.size() != 7 || v.at(0) != QLatin1Char('#'))
        return {};
    for (qsizetype i = 1; i < 7; ++i) {
        if (!isHexDigit(v.at(i)))
            return {};
    }
    return v.toLower();
}

bool HtmlAttributeRules::isAllowedLinkScheme(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return !url.host().isEmpty();
    if (scheme == QLatin1String("mailto"))
        return !url.path().isEmpty();
    return false;
}

QString HtmlAttributeRules::safeHref(const QString &value)
{
    const QString cleaned = urlAsParsed(value);
    if (cleaned.isEmpty() || cleaned.size() > 8192)
        return {};
    const QUrl url(cleaned, QUrl::TolerantMode);
    if (!url.isValid() || url.isRelative() || !isAllowedLinkScheme(url))
        return {};
    return QString::fromLatin1(url.toEncoded());
}

QString HtmlAttributeRules::codeLanguageClass(const QString &classes)
{
    static const QRegularExpression language(QStringLiteral(R"(^language-[A-Za-z0-9_+#.-]{1,32}\z)"));
    const QStringList names = classes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &name : names) {
        if (name.startsWith(QLatin1String("language-")))
            return language.match(name).hasMatch() ? name : QString();
    }
    return {};
}

QString HtmlAttributeRules::anchorName(const QString &value)
{
    static const QRegularExpression name(QStringLiteral(R"(^[A-Za-z0-9_-]{1,64}\z)"));
    return name.match(value).hasMatch() ? value : QString();
}

int HtmlAttributeRules::dimension(const QString &value)
{
    const QString v = value.trimmed();
    if (v.isEmpty() || v.size() > 6 || !std::all_of(v.begin(), v.end(), isAsciiDigit))
        return -1;
    const int n = v.toInt();
    return n > 0 ? n : -1;
}

QSize HtmlAttributeRules::cappedImageSize(int width, int height)
{
    if (width <= 0 || height <= 0)
        return {};
    const double scale = std::min({1.0, double(kMaxImageWidth) / width, double(kMaxImageHeight) / height});
    return QSize(std::max(1, int(width * scale)), std::max(1, int(height * scale)));
}

int HtmlAttributeRules::listStart(const QString &value, bool *ok)
{
    static const QRegularExpression integer(QStringLiteral(R"(^-?[0-9]{1,7}\z)"));
    const QString v = value.trimmed();
    *ok = integer.match(v).hasMatch() && std::abs(v.toInt()) <= 1'000'000;
    return *ok ? v.toInt() : 1;
}

void HtmlAttributeRules::appendEscaped(QString &out, QStringView text)
{
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&': out.append(QLatin1String("&amp;")); break;
        case '<': out.append(QLatin1String("&lt;")); break;
        case '>': out.append(QLatin1String("&gt;")); break;
        case '"': out.append(QLatin1String("&quot;")); break;
        default: out.append(c);
        }
    }
}

QString HtmlAttributeRules::escaped(QStringView text)
{
    QString out;
    out.reserve(text.size());
    appendEscaped(out, text);
    return out;
}

} // namespace estafette
