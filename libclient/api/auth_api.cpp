#include "api/auth_api.h"

#include "net/http_client.h"

#include <QJsonObject>

namespace estafette {

PendingRequest *AuthApi::login(const QString &user, const QString &password, const QString &deviceDisplayName,
                               const QString &deviceId)
{
    QJsonObject body{
        {QStringLiteral("type"), QStringLiteral("m.login.password")},
        {QStringLiteral("identifier"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("m.id.user")}, {QStringLiteral("user"), user}}},
        {QStringLiteral("password"), password},
    };
    if (!deviceDisplayName.isEmpty())
        body.insert(QStringLiteral("initial_device_display_name"), deviceDisplayName);
    if (!deviceId.isEmpty())
        body.insert(QStringLiteral("device_id"), deviceId);

    RequestOptions options;
    options.authenticated = false;
    options.retry = deviceId.isEmpty() ? RetryPolicy::rateLimitsOnly() : RetryPolicy{};
    return m_http->post(QStringLiteral("/_matrix/client/v3/login"), body, options);
}

PendingRequest *AuthApi::logout()
{
    return m_http->post(QStringLiteral("/_matrix/client/v3/logout"), QJsonObject{});
}

PendingRequest *AuthApi::whoami()
{
    return m_http->get(QStringLiteral("/_matrix/client/v3/account/whoami"));
}

std::optional<LoginResult> AuthApi::parseLogin(const QJsonObject &json)
{
    LoginResult result;
    result.userId = json.value(QLatin1String("user_id")).toString();
    result.accessToken = json.value(QLatin1String("access_token")).toString();
    result.deviceId = json.value(QLatin1String("device_id")).toString();
    if (result.userId.isEmpty() || result.accessToken.isEmpty() || result.deviceId.isEmpty())
        return std::nullopt;

    const QString baseUrl = json.value(QLatin1String("well_known"))
                                .toObject()
                                .value(QLatin1String("m.homeserver"))
                                .toObject()
                                .value(QLatin1String("base_url"))
                                .toString();
    const QUrl url(baseUrl, QUrl::StrictMode);
    // Only https: a login answer must not move the session to plain HTTP.
    if (url.isValid() && !url.host().isEmpty() && url.scheme() == QLatin1String("https"))
        result.homeserverOverride = url;
    return result;
}

} // namespace estafette
