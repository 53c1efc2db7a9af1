#include "media/mxc_uri.h"

namespace estafette {

namespace {

// Generous bounds: a DNS name is at most 253 characters; no homeserver makes media ids this long.
constexpr qsizetype kMaxServerName = 255;
constexpr qsizetype kMaxMediaId = 255;

bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

bool isDigit(QChar c)
{
    return c.unicode() >= '0' && c.unicode() <= '9';
}

bool isHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return isDigit(c) || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

// The spec's dns-name: 1 to 255 of [A-Za-z0-9.-]. An IPv4 address is a dns-name as far as characters go.
bool isDnsName(QStringView host)
{
    if (host.isEmpty())
        return false;
    for (QChar c : host) {
        if (!isAsciiAlnum(c) && c != QLatin1Char('.') && c != QLatin1Char('-'))
            return false;
    }
    return true;
}

// "[" 2 to 45 of [0-9A-Fa-f:.] "]"
bool isIpv6Literal(QStringView host)
{
    if (host.size() < 4 || host.front() != QLatin1Char('[') || host.back() != QLatin1Char(']'))
        return false;
    const QStringView inner = host.mid(1, host.size() - 2);
    if (inner.size() > 45)
        return false;
    bool colon = false;
    for (QChar c : inner) {
        if (c == QLatin1Char(':'))
            colon = true;
        else if (!isHexDigit(c) && c != QLatin1Char('.'))
            return false;
    }
    return colon;
}

bool isPort(QStringView port)
{
    if (port.isEmpty() || port.size() > 5)
        return false;
    for (QChar c : port) {
        if (!isDigit(c))
            return false;
    }
    const int value = port.toInt();
    return value >= 1 && value <= 65535;
}

} // namespace

bool MxcUri::isValidServerName(QStringView name)
{
    if (name.isEmpty() || name.size() > kMaxServerName)
        return false;
    QStringView host = name;
    QStringView port;
    bool hasPort = false;
    if (name.front() == QLatin1Char('[')) {
        const qsizetype close = name.indexOf(QLatin1Char(']'));
        if (close < 0)
            return false;
        host = name.left(close + 1);
        if (close + 1 < name.size()) {
            if (name.at(close + 1) != QLatin1Char(':'))
                return false;
            port = name.mid(close + 2);
            hasPort = true;
        }
        if (!isIpv6Literal(host))
            return false;
    } else {
        const qsizetype colon = name.indexOf(QLatin1Char(':'));
        if (colon >= 0) {
            host = name.left(colon);
            port = name.mid(colon + 1);
            hasPort = true;
        }
        if (!isDnsName(host))
            return false;
    }
    return !hasPort || isPort(port);
}

bool MxcUri::isValidMediaId(QStringView id)
{
    if (id.isEmpty() || id.size() > kMaxMediaId)
        return false;
    for (QChar c : id) {
        if (!isAsciiAlnum(c) && c != QLatin1Char('_') && c != QLatin1Char('-'))
            return false;
    }
    return true;
}

MxcUri MxcUri::parse(const QString &uri)
{
    static const QLatin1String scheme("mxc://");
    if (!uri.startsWith(scheme))
        return {};
    const QStringView rest = QStringView(uri).mid(scheme.size());
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return {};
    const QStringView server = rest.left(slash);
    const QStringView mediaId = rest.mid(slash + 1);
    if (!isValidServerName(server) || !isValidMediaId(mediaId))
        return {};
    MxcUri result;
    result.m_server = server.toString();
    result.m_mediaId = mediaId.toString();
    return result;
}

QString MxcUri::toString() const
{
    if (!isValid())
        return {};
    return QStringLiteral("mxc://") + m_server + QLatin1Char('/') + m_mediaId;
}

} // namespace estafette
