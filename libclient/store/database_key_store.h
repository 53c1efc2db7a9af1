#pragma once

#include "store/store_error.h"

#include <QByteArray>
#include <QObject>
#include <QString>

namespace estafette {

// The raw 256-bit key of each account database, in the OS keychain (QtKeychain, service "Estafette", one
// entry per profile and account, the key stored as hex). Nothing else about the account is kept there.
// Every call is asynchronous and answers with exactly one signal. No keychain is an error, never worked
// around: QtKeychain's plaintext fallback is disabled. Keys are never logged.
class DatabaseKeyStore : public QObject {
    Q_OBJECT
public:
    static constexpr int kKeySize = 32;

    explicit DatabaseKeyStore(QObject *parent = nullptr);

    // `profileKey` separates side-by-side profiles (AppOptions::profileKey(); empty: the default profile).
    static QString entryKey(const QString &profileKey, const QString &accountId);

    // Generates a new random key, writes it, then keyReady() or failed(KeychainUnavailable).
    void createKey(const QString &profileKey, const QString &accountId);
    // keyReady(), or failed(KeyMissing) when there is no such entry (or it does not hold a key),
    // failed(KeychainUnavailable) when the keychain cannot be read.
    void loadKey(const QString &profileKey, const QString &accountId);
    // keyErased(ok); an entry that was not there counts as erased.
    void eraseKey(const QString &profileKey, const QString &accountId);

    // Removes the credentials entry older versions kept ("account:<profile>", with an access token), so the
    // keychain holds nothing but database keys. Fire and forget; a missing entry is fine.
    void eraseLegacyCredentials(const QString &profileKey);

    // Overwrites the bytes of a key (or any secret) the caller owns, then empties it.
    static void wipe(QByteArray &secret);

signals:
    void keyReady(const QString &accountId, const QByteArray &key);
    void failed(const QString &accountId, const estafette::StoreError &error);
    void keyErased(const QString &accountId, bool ok, const QString &error);
};

} // namespace estafette
