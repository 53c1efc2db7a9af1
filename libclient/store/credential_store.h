#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace estafette {

struct SessionCredentials {
    QUrl homeserver;
    QString userId;
    QString deviceId;
    QString accessToken;

    bool isValid() const { return homeserver.isValid() && !userId.isEmpty() && !accessToken.isEmpty(); }
    QJsonObject toJson() const;
    static std::optional<SessionCredentials> fromJson(const QJsonObject &json);
};

// The account's credentials in the OS keychain (QtKeychain), one entry per profile. Nothing about the
// account is written anywhere else. No keychain available is reported as an error, never worked around.
class CredentialStore : public QObject {
    Q_OBJECT
public:
    // `profile` separates side-by-side instances (--profile); service name "Estafette".
    explicit CredentialStore(const QString &profile, QObject *parent = nullptr);

    void save(const SessionCredentials &credentials);
    void load();
    void erase();

    QString entryKey() const { return m_key; }

signals:
    void saved(bool ok, const QString &error);
    // `credentials` empty with an empty error: nothing stored. A non-empty error: the keychain failed.
    void loaded(const std::optional<estafette::SessionCredentials> &credentials, const QString &error);
    void erased(bool ok, const QString &error);

private:
    QString m_key;
};

} // namespace estafette

Q_DECLARE_METATYPE(std::optional<estafette::SessionCredentials>)
