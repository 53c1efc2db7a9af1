#pragma once

#include <QString>

namespace estafette {

// A content URI, "mxc://<server-name>/<media-id>", validated as the spec says: the server name is a host name,
// an IPv4 address or a bracketed IPv6 literal with an optional port; the media id is made of A-Z a-z 0-9 _ -.
// Anything else (another scheme, a path, a query, a fragment, percent-escapes, spaces, "..") is refused, so
// the two parts can be put in a request path and used as a cache key as they are.
class MxcUri {
public:
    MxcUri() = default;

    // An invalid MxcUri (isValid() false) for anything that is not a well-formed content URI.
    static MxcUri parse(const QString &uri);

    bool isValid() const { return !m_server.isEmpty(); }
    QString serverName() const { return m_server; }
    QString mediaId() const { return m_mediaId; }
    // "mxc://server/id"; empty when invalid.
    QString toString() const;

    static bool isValidServerName(QStringView name);
    static bool isValidMediaId(QStringView id);

    friend bool operator==(const MxcUri &a, const MxcUri &b)
    {
        return a.m_server == b.m_server && a.m_mediaId == b.m_mediaId;
    }
    friend bool operator!=(const MxcUri &a, const MxcUri &b) { return !(a == b); }

private:
    QString m_server;
    QString m_mediaId;
};

} // namespace estafette
