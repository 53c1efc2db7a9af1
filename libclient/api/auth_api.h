#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace estafette {

class HttpClient;
class PendingRequest;

struct LoginResult {
    QString userId;
    QString accessToken;
    QString deviceId;
    QUrl homeserverOverride; // well_known.m.homeserver.base_url when the server sent one (https only)
};

// /login, /logout, /account/whoami.
class AuthApi {
public:
    explicit AuthApi(HttpClient *http) : m_http(http) {}

    // m.login.password with identifier m.id.user; `user` is a localpart or a full user id.
    // Not retried on 4xx (a wrong password is permanent); 429 waited out; without a deviceId, 5xx and network
    // failures are not retried either (the server may have created a device already).
    // `deviceId` reuses an existing device (re-login after soft logout).
    PendingRequest *login(const QString &user, const QString &password, const QString &deviceDisplayName,
                          const QString &deviceId = {});
    PendingRequest *logout();
    PendingRequest *whoami();

    static std::optional<LoginResult> parseLogin(const QJsonObject &json);

private:
    HttpClient *m_http;
};

} // namespace estafette
