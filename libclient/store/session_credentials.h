#pragma once

#include <QString>
#include <QUrl>

namespace estafette {

// What identifies a signed-in device to its homeserver. Kept only inside the account's encrypted store.
struct SessionCredentials {
    QUrl homeserver;
    QString userId;
    QString deviceId;
    QString accessToken;

    bool isValid() const { return homeserver.isValid() && !userId.isEmpty() && !accessToken.isEmpty(); }
};

} // namespace estafette
