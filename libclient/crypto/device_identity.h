#pragma once

// The device's identity on the server (spec: "Uploading keys"): its signed device keys, published once at first
// sign-in; signed one-time keys kept topped up from /sync's device_one_time_keys_count; a signed fallback key
// uploaded, and replaced once the server reports it used (device_unused_fallback_key_types).
//
// Durability rule: every new private key is persisted (account pickle) BEFORE its public key is uploaded, and the
// keys are marked published (and persisted again) only after the upload succeeded; so a crash never leaves a
// published public key whose private key is lost. An upload that failed is repeated with the same keys.

#include "crypto/crypto_result.h"
#include "crypto/crypto_types.h"
#include "store/crypto_table.h"
#include "sync/sync_delta.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

namespace estafette {

class CryptoBackend;
class KeysApi;
class OlmAccount;

// The device_keys object of /keys/upload, signed with the account's ed25519 key.
CryptoResult<QJsonObject> signedDeviceKeys(OlmAccount &account, const QString &userId, const QString &deviceId);
// "signed_curve25519:<id>" -> {key, signatures} for each key (and "fallback": true for a fallback key).
CryptoResult<QJsonObject> signedCurve25519Keys(OlmAccount &account, const PublicKeys &keys, const QString &userId,
                                               const QString &deviceId, bool fallback);
// How many one-time keys to generate so that the server holds half of the account's maximum: the server's count
// and the keys already generated but not yet published count; never beyond the maximum the account keeps.
std::size_t oneTimeKeysToGenerate(int serverCount, std::size_t unpublished, std::size_t maxKeys);

class DeviceIdentity : public QObject {
    Q_OBJECT
public:
    // Persists the account row; `done(true)` once committed.
    using Persist = std::function<void(const StoredCryptoAccount &account, std::function<void(bool)> done)>;

    DeviceIdentity(CryptoBackend *backend, KeysApi *api, const QString &userId, const QString &deviceId,
                   Persist persist, QObject *parent = nullptr);
    ~DeviceIdentity() override;

    // With the stored account (nullopt on first sign-in: a new account is created and persisted before anything
    // is uploaded). Then the device keys are uploaded unless they were already. False when the account can't be
    // restored or created (failed() is emitted too).
    bool start(const std::optional<StoredCryptoAccount> &stored);
    // After each stored and applied sync response: tops up one-time keys, replaces a used fallback key.
    void onSync(const SyncDelta &delta);

    bool isStarted() const { return m_account != nullptr; }
    IdentityKeys identityKeys() const;
    bool deviceKeysPublished() const { return m_deviceKeysPublished; }
    int oneTimeKeyTarget() const;

signals:
    void deviceKeysUploaded();
    // After each successful upload of one-time and/or fallback keys, with the server's count afterwards.
    void keysUploaded(int oneTimeKeys, bool fallbackKey, int serverOneTimeKeyCount);
    void failed(const QString &reason);

private:
    void persistThen(std::function<void()> next);
    void uploadDeviceKeys();
    void maintain();
    void uploadKeys(const PublicKeys &oneTime, const PublicKeys &fallback);
    void finishBusy();

    CryptoBackend *m_backend;
    KeysApi *m_api;
    QString m_userId;
    QString m_deviceId;
    Persist m_persist;
    std::unique_ptr<OlmAccount> m_account;
    QByteArray m_pickleKey; // secret; wiped in the destructor
    bool m_deviceKeysPublished = false;
    bool m_busy = false;     // a persist/upload sequence is running
    bool m_pending = false;  // counts arrived while busy
    std::optional<int> m_serverCount;               // signed_curve25519 keys on the server, last known
    std::optional<QStringList> m_unusedFallbackTypes; // last known
};

} // namespace estafette
