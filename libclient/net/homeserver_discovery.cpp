#include "net/homeserver_discovery.h"

#include "net/http_client.h"
#include "net/net_logging.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaObject>

namespace estafette {

namespace {

constexpr int kDiscoveryTimeoutMs = 15000;

ServerInput invalid(const QString &why)
{
    ServerInput input;
    input.error = why;
    return input;
}

bool isDnsName(const QString &host)
{
    if (host.isEmpty() || host.size() > 255)
        return false;
    for (QChar c : host) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'
                        || u == '.';
        if (!ok)
            return false;
    }
    return !host.startsWith(QLatin1Char('.')) && !host.startsWith(QLatin1Char('-'));
}

// hostname [":" port] as in the spec's server name grammar; IDN names are converted to their ASCII form.
// Returns the normalised name, or an empty string.
QString normaliseServerName(const QString &text)
{
    QString host = text;
    QString port;
    if (host.startsWith(QLatin1Char('['))) { // IPv6 literal
        const qsizetype close = host.indexOf(QLatin1Char(']'));
        if (close < 0)
            return {};
        const QString rest = host.mid(close + 1);
        host = host.left(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return {};
            port = rest.mid(1);
        }
        QUrl probe;
        probe.setHost(host.mid(1, host.size() - 2), QUrl::StrictMode);
        if (!probe.isValid() || probe.host().isEmpty() || !probe.host().contains(QLatin1Char(':')))
            return {};
        host = QLatin1Char('[') + probe.host() + QLatin1Char(']');
    } else {
        const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0) {
            port = host.mid(colon + 1);
            host = host.left(colon);
        }
        host = QString::fromLatin1(QUrl::toAce(host)).toLower();
        if (host.endsWith(QLatin1Char('.')))
            host.chop(1);
        if (!isDnsName(host))
            return {};
    }
    if (!port.isNull()) {
        bool ok = false;
        const int value = port.toInt(&ok);
        if (!ok || port.isEmpty() || port.size() > 5 || value < 1 || value > 65535 || port.startsWith(QLatin1Char('+')))
            return {};
        return host + QLatin1Char(':') + QString::number(value);
    }
    return host;
}

QUrl withoutTrailingSlash(QUrl url)
{
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path, QUrl::TolerantMode);
    return url;
}

QUrl joinPath(const QUrl &base, const QString &path)
{
    QUrl url = withoutTrailingSlash(base);
    url.setPath(url.path(QUrl::FullyEncoded) + path, QUrl::TolerantMode);
    return url;
}

HomeserverDiscovery::Failure failureFor(const MatrixError &error)
{
    switch (error.kind) {
    case MatrixError::Kind::Tls:
        return HomeserverDiscovery::Failure::Tls;
    case MatrixError::Kind::Network:
    case MatrixError::Kind::Timeout:
    case MatrixError::Kind::Cancelled:
        return HomeserverDiscovery::Failure::Unreachable;
    default:
        // A gateway error (502/503/504...) means the homeserver behind it is not answering.
        if (error.httpStatus >= 500)
            return HomeserverDiscovery::Failure::Unreachable;
        return HomeserverDiscovery::Failure::NotMatrix;
    }
}

RequestOptions discoveryOptions()
{
    RequestOptions options;
    options.authenticated = false;
    options.retry = RetryPolicy::none();
    options.timeoutMs = kDiscoveryTimeoutMs;
    return options;
}

} // namespace

ServerInput ServerInput::parse(const QString &rawText)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return invalid(QStringLiteral("empty"));
    for (QChar c : text) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return invalid(QStringLiteral("contains spaces or control characters"));
    }

    if (text.contains(QLatin1String("://"))) {
        const QUrl url(text, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
            return invalid(QStringLiteral("not an http(s) URL"));
        if (url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
            return invalid(QStringLiteral("URL needs a host and nothing but a path"));
        QString name = url.host(QUrl::FullyEncoded);
        if (name.contains(QLatin1Char(':')))
            name = QLatin1Char('[') + name + QLatin1Char(']');
        if (url.port() > 0)
            name += QLatin1Char(':') + QString::number(url.port());
        const QString serverName = normaliseServerName(name);
        if (serverName.isEmpty())
            return invalid(QStringLiteral("invalid host"));
        ServerInput input;
        input.valid = true;
        input.serverName = serverName;
        QUrl explicitUrl = withoutTrailingSlash(url);
        explicitUrl.setScheme(scheme);
        input.explicitUrl = explicitUrl;
        return input;
    }

    QString name = text;
    if (name.startsWith(QLatin1Char('@'))) {
        const qsizetype colon = name.indexOf(QLatin1Char(':'));
        if (colon <= 1)
            return invalid(QStringLiteral("user id without a server name"));
        name = name.mid(colon + 1);
    }
    while (name.endsWith(QLatin1Char('/')))
        name.chop(1);
    const QString serverName = normaliseServerName(name);
    if (serverName.isEmpty())
        return invalid(QStringLiteral("not a server name"));
    ServerInput input;
    input.valid = true;
    input.serverName = serverName;
    return input;
}

HomeserverDiscovery::HomeserverDiscovery(HttpClient *http, QObject *parent)
    : QObject(parent)
    , m_http(http)
{
}

void HomeserverDiscovery::cancel()
{
    ++m_generation;
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    m_pending = nullptr;
}

void HomeserverDiscovery::start(const QString &input)
{
    cancel();
    m_input = ServerInput::parse(input);
    const quint64 generation = m_generation;

    if (!m_input.valid) {
        qCInfo(lcNet) << "discovery: invalid input:" << m_input.error;
        // Reported from the event loop so that start() never emits before the caller is ready.
        QMetaObject::invokeMethod(
            this,
            [this, generation] {
                if (generation != m_generation)
                    return;
                MatrixError error = MatrixError::invalidResponse(m_input.error);
                emit failed(Failure::InvalidInput, error);
            },
            Qt::QueuedConnection);
        return;
    }

    if (m_input.explicitUrl.isValid()) {
        checkVersions(m_input.explicitUrl, false);
        return;
    }

    QUrl wellKnown;
    wellKnown.setScheme(QStringLiteral("https"));
    wellKnown.setAuthority(m_input.serverName);
    wellKnown.setPath(QStringLiteral("/.well-known/matrix/client"));
    qCDebug(lcNet) << "discovery: well-known for" << m_input.serverName;
    m_pending = m_http->getUrl(wellKnown, discoveryOptions());
    connect(m_pending, &PendingRequest::finished, this, [this](const HttpResponse &response) {
        m_pending = nullptr;
        if (response.error.kind == MatrixError::Kind::Tls) {
            emit failed(Failure::Tls, response.error);
            return;
        }
        if (response.ok()) {
            const QJsonObject homeserver = response.json().value(QLatin1String("m.homeserver")).toObject();
            const QUrl baseUrl(homeserver.value(QLatin1String("base_url")).toString(), QUrl::StrictMode);
            // Only https: a server name typed without a scheme is never downgraded to plain HTTP.
            if (baseUrl.isValid() && baseUrl.scheme() == QLatin1String("https") && !baseUrl.host().isEmpty()) {
                checkVersions(baseUrl, true);
                return;
            }
            qCInfo(lcNet) << "discovery: well-known without a usable https base_url";
        }
        checkVersions(plainNameUrl(), false);
    });
}

QUrl HomeserverDiscovery::plainNameUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setAuthority(m_input.serverName);
    return url;
}

void HomeserverDiscovery::checkVersions(const QUrl &baseUrl, bool fallbackToPlainName)
{
    const QUrl base = withoutTrailingSlash(baseUrl);
    qCDebug(lcNet) << "discovery: versions at" << base.toString(QUrl::RemoveUserInfo);
    m_pending = m_http->getUrl(joinPath(base, QStringLiteral("/_matrix/client/versions")), discoveryOptions());
    connect(m_pending, &PendingRequest::finished, this, [this, base, fallbackToPlainName](const HttpResponse &response) {
        m_pending = nullptr;
        MatrixError error = response.error;
        if (response.ok()) {
            const QJsonValue versions = response.json().value(QLatin1String("versions"));
            if (versions.isArray()) {
                QStringList list;
                for (const QJsonValue &v : versions.toArray()) {
                    if (v.isString())
                        list << v.toString();
                }
                emit resolved(base, list);
                return;
            }
            error = MatrixError::invalidResponse(QStringLiteral("no versions array"));
            error.httpStatus = response.httpStatus;
        }
        if (fallbackToPlainName && error.kind != MatrixError::Kind::Tls && base != plainNameUrl()) {
            qCInfo(lcNet) << "discovery: well-known base_url failed, trying the server name";
            checkVersions(plainNameUrl(), false);
            return;
        }
        emit failed(failureFor(error), error);
    });
}

} // namespace estafette
