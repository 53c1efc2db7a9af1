#pragma once

// The device's identity (spec: "Uploading keys"), on the crypto thread: its Olm account, signed device keys
// published once, one-time keys kept topped up from /sync's device_one_time_keys_count, and a signed fallback
// key replaced once the server reports it used (device_unused_fallback_key_types).
//
// Durability rule: every new private key is saved (account pickle) BEFORE its public key can be uploaded, and
// keys are marked published (and saved again) only after the upload succeeded; a crash never leaves a published
// public key whose private key is lost. An upload that failed is repeated with the same keys.
//
// The replaced fallback key (spec: "one-time and fallback keys": keep the old one a while for pre-key messages
// still on their way, then forget it): libolm keeps the previous fallback key beside the new one until told to
// forget it. Rule: once the new fallback key is in use (its upload succeeded: from then on the server hands out
// the new one, never the old one), the old one is kept for kOldFallbackKeyGraceMs more, and then forgotten at the
// first sync response that brings no to-device message (our to-device inbox drained: every pre-key message sent
// with the old key before that point has been handled). The deadline is stored with the account's other state
// (CryptoStore value "forget_old_fallback_key_after_ms"), so a restart neither forgets early nor never.

#include "crypto/crypto_store.h"
#include "crypto/crypto_types.h"
#include "store/crypto_table.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace estafette {

class CryptoBackend;
class OlmAccount;
struct SyncDelta;

class DeviceAccount {
public:
    using Save = std::function<bool(const StoredCryptoAccount &account)>;
    using Clock = std::function<qint64()>;
    static constexpr qint64 kOldFallbackKeyGraceMs = 60 * 60 * 1000;

    DeviceAccount(CryptoBackend &backend, CryptoStore &store, const QString &userId, const QString &deviceId,
                  Save save, Clock clock);
    ~DeviceAccount();
    DeviceAccount(const DeviceAccount &) = delete;
    DeviceAccount &operator=(const DeviceAccount &) = delete;

    // Restores the stored account, or (nullopt: first sign-in) creates one with a random pickle key and saves it
    // before anything can be published. False with a reason on failure.
    bool start(const std::optional<StoredCryptoAccount> &stored, QString *error);
    bool isStarted() const { return m_account != nullptr; }

    OlmAccount &olm() { return *m_account; }
    IdentityKeys identityKeys() const;
    // The key that encrypts this account's pickles and those of its sessions. Secret.
    const QByteArray &pickleKey() const { return m_pickleKey; }
    // Pickles and saves the account now (after anything that changed it, e.g. an inbound Olm session).
    bool save();

    // The counts of a sync response being stored; forgets the replaced fallback key when due (see above). False
    // on a store failure.
    bool onSync(const SyncDelta &delta);
    // The next /keys/upload body: device keys until published, then new one-time keys and a new fallback key when
    // due (generated and saved before this returns). Empty when nothing is due; *error set on failure.
    QJsonObject nextUpload(QString *error);
    // `body` (from nextUpload) was accepted; `counts` from the response. Marks keys published and saves.
    bool uploaded(const QJsonObject &body, const QMap<QString, int> &counts);

    bool deviceKeysPublished() const { return m_deviceKeysPublished; }
    int oneTimeKeyTarget() const;
    std::optional<int> serverOneTimeKeyCount() const { return m_serverCount; }
    // When the replaced fallback key will be forgotten (0: none is waiting).
    qint64 forgetOldFallbackKeyAfterMs();

private:
    CryptoBackend &m_backend;
    CryptoStore &m_store;
    Clock m_clock;
    QString m_userId;
    QString m_deviceId;
    Save m_save;
    std::unique_ptr<OlmAccount> m_account;
    QByteArray m_pickleKey; // secret; wiped in the destructor
    bool m_deviceKeysPublished = false;
    std::optional<int> m_serverCount;                 // signed_curve25519 keys on the server, last known
    std::optional<QStringList> m_unusedFallbackTypes; // last known
};

} // namespace estafette
