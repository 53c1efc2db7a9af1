#include "crypto/device_account.h"

#include "crypto/crypto_backend.h"
#include "crypto/device_keys.h"
#include "crypto/secret_memory.h"
#include "sync/sync_delta.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDeviceAccount, "estafette.crypto.account")

namespace estafette {

namespace {
const QString kSignedCurve25519 = QStringLiteral("signed_curve25519");
const QString kForgetOldFallbackAfter = QStringLiteral("forget_old_fallback_key_after_ms");
constexpr std::size_t kPickleKeySize = 32;
} // namespace

DeviceAccount::DeviceAccount(CryptoBackend &backend, CryptoStore &store, const QString &userId,
                             const QString &deviceId, Save save, Clock clock)
    : m_backend(backend), m_store(store), m_clock(std::move(clock)), m_userId(userId), m_deviceId(deviceId),
      m_save(std::move(save))
{
}

qint64 DeviceAccount::forgetOldFallbackKeyAfterMs()
{
    return m_store.value(kForgetOldFallbackAfter).toLongLong();
}

DeviceAccount::~DeviceAccount()
{
    wipeSecret(m_pickleKey);
}

IdentityKeys DeviceAccount::identityKeys() const
{
    return m_account ? m_account->identityKeys() : IdentityKeys{};
}

int DeviceAccount::oneTimeKeyTarget() const
{
    return m_account ? int(m_account->maxNumberOfOneTimeKeys() / 2) : 0;
}

bool DeviceAccount::start(const std::optional<StoredCryptoAccount> &stored, QString *error)
{
    if (m_account)
        return true;
    if (stored && !stored->pickle.isEmpty()) {
        auto account = m_backend.unpickleAccount(stored->pickle, stored->pickleKey);
        if (!account) {
            *error = QStringLiteral("the stored Olm account could not be restored (%1)")
                         .arg(cryptoErrorName(account.error()));
            return false;
        }
        m_account = std::move(account).value();
        m_pickleKey = stored->pickleKey;
        m_deviceKeysPublished = stored->deviceKeysPublished;
        qCInfo(lcDeviceAccount) << "device identity restored; device keys published:" << m_deviceKeysPublished;
        return true;
    }
    SecretBuffer random(kPickleKeySize);
    if (!random.fillRandom()) {
        *error = QStringLiteral("no random bytes for the pickle key");
        return false;
    }
    auto account = m_backend.createAccount();
    if (!account) {
        *error = QStringLiteral("the Olm account could not be created (%1)").arg(cryptoErrorName(account.error()));
        return false;
    }
    m_account = std::move(account).value();
    m_pickleKey = random.toByteArray(kPickleKeySize);
    m_deviceKeysPublished = false;
    // Kept before anything is published.
    if (!save()) {
        m_account.reset();
        wipeSecret(m_pickleKey);
        *error = QStringLiteral("the new Olm account could not be stored");
        return false;
    }
    qCInfo(lcDeviceAccount) << "new device identity created";
    return true;
}

bool DeviceAccount::save()
{
    if (!m_account)
        return false;
    auto pickle = m_account->pickle(m_pickleKey);
    if (!pickle) {
        qCWarning(lcDeviceAccount) << "the Olm account could not be pickled:" << cryptoErrorName(pickle.error());
        return false;
    }
    return m_save(StoredCryptoAccount{pickle.value(), m_pickleKey, m_deviceKeysPublished});
}

bool DeviceAccount::onSync(const SyncDelta &delta)
{
    if (delta.oneTimeKeyCounts)
        m_serverCount = delta.oneTimeKeyCounts->value(kSignedCurve25519, 0);
    if (delta.unusedFallbackKeyTypes)
        m_unusedFallbackTypes = delta.unusedFallbackKeyTypes;
    // A response that brings to-device messages may carry pre-key messages made with the old key: not yet.
    if (!m_account || !delta.toDevice.isEmpty())
        return true;
    const qint64 after = forgetOldFallbackKeyAfterMs();
    if (after <= 0 || m_clock() < after)
        return true;
    m_account->forgetOldFallbackKey();
    qCInfo(lcDeviceAccount) << "the replaced fallback key was forgotten";
    return save() && m_store.setValue(kForgetOldFallbackAfter, QByteArray("0"));
}

QJsonObject DeviceAccount::nextUpload(QString *error)
{
    if (!m_account)
        return {};
    if (!m_deviceKeysPublished) {
        auto deviceKeys = signedDeviceKeys(*m_account, m_userId, m_deviceId);
        if (!deviceKeys) {
            *error = QStringLiteral("the device keys could not be signed");
            return {};
        }
        return QJsonObject{{QStringLiteral("device_keys"), deviceKeys.value()}};
    }
    bool generated = false;
    if (m_serverCount) {
        const std::size_t unpublished = std::size_t(m_account->unpublishedOneTimeKeys().size());
        const std::size_t count =
            oneTimeKeysToGenerate(*m_serverCount, unpublished, m_account->maxNumberOfOneTimeKeys());
        if (count > 0) {
            if (!m_account->generateOneTimeKeys(count)) {
                *error = QStringLiteral("one-time keys could not be generated");
                return {};
            }
            generated = true;
            qCInfo(lcDeviceAccount) << "server holds" << *m_serverCount << "one-time keys: generated" << count;
        }
    }
    if (m_unusedFallbackTypes && !m_unusedFallbackTypes->contains(kSignedCurve25519)
        && m_account->unpublishedFallbackKey().isEmpty()) {
        if (!m_account->generateFallbackKey()) {
            *error = QStringLiteral("a fallback key could not be generated");
            return {};
        }
        generated = true;
        qCInfo(lcDeviceAccount) << "no unused fallback key on the server: generated a new one";
    }
    // The new private keys are stored before their public halves can leave this device.
    if (generated && !save()) {
        *error = QStringLiteral("the Olm account could not be stored");
        return {};
    }
    const PublicKeys oneTime = m_account->unpublishedOneTimeKeys();
    const PublicKeys fallback = m_account->unpublishedFallbackKey();
    if (oneTime.isEmpty() && fallback.isEmpty())
        return {};
    auto signedOneTime = signedCurve25519Keys(*m_account, oneTime, m_userId, m_deviceId, false);
    auto signedFallback = signedCurve25519Keys(*m_account, fallback, m_userId, m_deviceId, true);
    if (!signedOneTime || !signedFallback) {
        *error = QStringLiteral("one-time keys could not be signed");
        return {};
    }
    QJsonObject body;
    if (!oneTime.isEmpty())
        body.insert(QStringLiteral("one_time_keys"), signedOneTime.value());
    if (!fallback.isEmpty())
        body.insert(QStringLiteral("fallback_keys"), signedFallback.value());
    return body;
}

bool DeviceAccount::uploaded(const QJsonObject &body, const QMap<QString, int> &counts)
{
    if (!m_account)
        return false;
    if (body.contains(QLatin1String("device_keys")))
        m_deviceKeysPublished = true;
    const bool withFallback = body.contains(QLatin1String("fallback_keys"));
    if (body.contains(QLatin1String("one_time_keys")) || withFallback)
        m_account->markKeysAsPublished();
    // The server's answer is newer than the counts of any sync that was under way (an answer without counts
    // leaves what we knew: never a reason to generate again and again).
    if (!counts.isEmpty())
        m_serverCount = counts.value(kSignedCurve25519, 0);
    if (withFallback && m_unusedFallbackTypes && !m_unusedFallbackTypes->contains(kSignedCurve25519))
        m_unusedFallbackTypes->append(kSignedCurve25519);
    // The new fallback key is the one the server hands out from now on: the one it replaced has its grace period.
    // (After the first fallback key there is nothing to forget; forgetting then is harmless.)
    if (withFallback
        && !m_store.setValue(kForgetOldFallbackAfter, QByteArray::number(m_clock() + kOldFallbackKeyGraceMs)))
        return false;
    return save();
}

} // namespace estafette
