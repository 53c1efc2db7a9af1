#include "crypto/device_identity.h"

#include "api/keys_api.h"
#include "crypto/crypto_backend.h"
#include "crypto/json_signing.h"
#include "crypto/secret_memory.h"
#include "net/http_client.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcDeviceIdentity, "estafette.crypto.identity")

namespace estafette {

namespace {
const QString kSignedCurve25519 = QStringLiteral("signed_curve25519");
constexpr std::size_t kPickleKeySize = 32;
} // namespace

CryptoResult<QJsonObject> signedDeviceKeys(OlmAccount &account, const QString &userId, const QString &deviceId)
{
    const IdentityKeys keys = account.identityKeys();
    const QJsonObject object{
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("device_id"), deviceId},
        {QStringLiteral("algorithms"),
         QJsonArray{QStringLiteral("m.olm.v1.curve25519-aes-sha2"), QStringLiteral("m.megolm.v1.aes-sha2")}},
        {QStringLiteral("keys"),
         QJsonObject{{QStringLiteral("curve25519:") + deviceId, keys.curve25519},
                     {QStringLiteral("ed25519:") + deviceId, keys.ed25519}}},
    };
    return signJson(account, object, userId, deviceId);
}

CryptoResult<QJsonObject> signedCurve25519Keys(OlmAccount &account, const PublicKeys &keys, const QString &userId,
                                               const QString &deviceId, bool fallback)
{
    QJsonObject out;
    for (auto it = keys.constBegin(); it != keys.constEnd(); ++it) {
        QJsonObject key{{QStringLiteral("key"), it.value()}};
        if (fallback)
            key.insert(QStringLiteral("fallback"), true);
        auto signedKey = signJson(account, key, userId, deviceId);
        if (!signedKey)
            return signedKey.error();
        out.insert(kSignedCurve25519 + QLatin1Char(':') + it.key(), signedKey.value());
    }
    return out;
}

std::size_t oneTimeKeysToGenerate(int serverCount, std::size_t unpublished, std::size_t maxKeys)
{
    const std::size_t target = maxKeys / 2;
    const std::size_t have = std::size_t(std::max(serverCount, 0)) + unpublished;
    if (have >= target)
        return 0;
    std::size_t need = target - have;
    // The account keeps at most maxKeys one-time keys (the oldest are dropped): never go beyond it.
    if (have + need > maxKeys)
        need = have >= maxKeys ? 0 : maxKeys - have;
    return need;
}

DeviceIdentity::DeviceIdentity(CryptoBackend *backend, KeysApi *api, const QString &userId, const QString &deviceId,
                               Persist persist, QObject *parent)
    : QObject(parent), m_backend(backend), m_api(api), m_userId(userId), m_deviceId(deviceId),
      m_persist(std::move(persist))
{
}

DeviceIdentity::~DeviceIdentity()
{
    wipeSecret(m_pickleKey);
}

IdentityKeys DeviceIdentity::identityKeys() const
{
    return m_account ? m_account->identityKeys() : IdentityKeys{};
}

int DeviceIdentity::oneTimeKeyTarget() const
{
    return m_account ? int(m_account->maxNumberOfOneTimeKeys() / 2) : 0;
}

bool DeviceIdentity::start(const std::optional<StoredCryptoAccount> &stored)
{
    if (m_account)
        return true;
    if (stored && !stored->pickle.isEmpty()) {
        auto account = m_backend->unpickleAccount(stored->pickle, stored->pickleKey);
        if (!account) {
            emit failed(QStringLiteral("the stored Olm account could not be restored (%1)").arg(int(account.error())));
            return false;
        }
        m_account = std::move(account).value();
        m_pickleKey = stored->pickleKey;
        m_deviceKeysPublished = stored->deviceKeysPublished;
        qCInfo(lcDeviceIdentity) << "device identity restored; device keys published:" << m_deviceKeysPublished;
        maintain();
        return true;
    }
    SecretBuffer random(kPickleKeySize);
    if (!random.fillRandom()) {
        emit failed(QStringLiteral("no random bytes for the pickle key"));
        return false;
    }
    auto account = m_backend->createAccount();
    if (!account) {
        emit failed(QStringLiteral("the Olm account could not be created (%1)").arg(int(account.error())));
        return false;
    }
    m_account = std::move(account).value();
    m_pickleKey = random.toByteArray(kPickleKeySize);
    m_deviceKeysPublished = false;
    qCInfo(lcDeviceIdentity) << "new device identity created";
    // Kept before anything is published.
    m_busy = true;
    persistThen([this] {
        m_busy = false;
        maintain();
    });
    return true;
}

void DeviceIdentity::persistThen(std::function<void()> next)
{
    auto pickle = m_account->pickle(m_pickleKey);
    if (!pickle) {
        m_busy = false;
        emit failed(QStringLiteral("the Olm account could not be pickled (%1)").arg(int(pickle.error())));
        return;
    }
    StoredCryptoAccount row{pickle.value(), m_pickleKey, m_deviceKeysPublished};
    QPointer<DeviceIdentity> self(this);
    m_persist(row, [self, next = std::move(next)](bool ok) {
        if (!self)
            return;
        if (!ok) {
            self->m_busy = false;
            emit self->failed(QStringLiteral("the Olm account could not be stored"));
            return;
        }
        next();
    });
}

void DeviceIdentity::onSync(const SyncDelta &delta)
{
    if (delta.oneTimeKeyCounts)
        m_serverCount = delta.oneTimeKeyCounts->value(kSignedCurve25519, 0);
    if (delta.unusedFallbackKeyTypes)
        m_unusedFallbackTypes = delta.unusedFallbackKeyTypes;
    if (!m_account)
        return;
    if (m_busy) {
        m_pending = true;
        return;
    }
    maintain();
}

void DeviceIdentity::finishBusy()
{
    m_busy = false;
    if (m_pending) {
        m_pending = false;
        maintain();
    }
}

void DeviceIdentity::maintain()
{
    if (!m_account || m_busy)
        return;
    if (!m_deviceKeysPublished) {
        uploadDeviceKeys();
        return;
    }
    bool generated = false;
    if (m_serverCount) {
        const std::size_t unpublished = std::size_t(m_account->unpublishedOneTimeKeys().size());
        const std::size_t count = oneTimeKeysToGenerate(*m_serverCount, unpublished, m_account->maxNumberOfOneTimeKeys());
        if (count > 0) {
            if (!m_account->generateOneTimeKeys(count)) {
                emit failed(QStringLiteral("one-time keys could not be generated"));
                return;
            }
            generated = true;
            qCInfo(lcDeviceIdentity) << "server holds" << *m_serverCount << "one-time keys: generated" << count;
        }
    }
    if (m_unusedFallbackTypes && !m_unusedFallbackTypes->contains(kSignedCurve25519)
        && m_account->unpublishedFallbackKey().isEmpty()) {
        if (!m_account->generateFallbackKey()) {
            emit failed(QStringLiteral("a fallback key could not be generated"));
            return;
        }
        generated = true;
        qCInfo(lcDeviceIdentity) << "no unused fallback key on the server: generated a new one";
    }
    const PublicKeys oneTime = m_account->unpublishedOneTimeKeys();
    const PublicKeys fallback = m_account->unpublishedFallbackKey();
    if (oneTime.isEmpty() && fallback.isEmpty())
        return;
    m_busy = true;
    if (generated) {
        // The new private keys are stored before their public halves leave this device.
        persistThen([this, oneTime, fallback] { uploadKeys(oneTime, fallback); });
    } else {
        uploadKeys(oneTime, fallback); // keys generated (and stored) earlier whose upload failed
    }
}

void DeviceIdentity::uploadDeviceKeys()
{
    auto deviceKeys = signedDeviceKeys(*m_account, m_userId, m_deviceId);
    if (!deviceKeys) {
        emit failed(QStringLiteral("the device keys could not be signed"));
        return;
    }
    m_busy = true;
    auto *request = m_api->upload(QJsonObject{{QStringLiteral("device_keys"), deviceKeys.value()}});
    connect(request, &PendingRequest::finished, this, [this](const HttpResponse &response) {
        if (!response.ok()) {
            qCWarning(lcDeviceIdentity) << "device keys upload failed:" << response.error.errcode
                                        << response.httpStatus << "(tried again after the next sync)";
            m_busy = false;
            m_pending = false;
            return;
        }
        m_deviceKeysPublished = true;
        const auto counts = KeysApi::parseOneTimeKeyCounts(response.json());
        m_serverCount = counts.value(kSignedCurve25519, 0);
        persistThen([this] {
            qCInfo(lcDeviceIdentity) << "device keys published";
            emit deviceKeysUploaded();
            m_busy = false;
            m_pending = false;
            maintain(); // first one-time and fallback keys
        });
    });
}

void DeviceIdentity::uploadKeys(const PublicKeys &oneTime, const PublicKeys &fallback)
{
    auto signedOneTime = signedCurve25519Keys(*m_account, oneTime, m_userId, m_deviceId, false);
    auto signedFallback = signedCurve25519Keys(*m_account, fallback, m_userId, m_deviceId, true);
    if (!signedOneTime || !signedFallback) {
        m_busy = false;
        emit failed(QStringLiteral("one-time keys could not be signed"));
        return;
    }
    QJsonObject body;
    if (!oneTime.isEmpty())
        body.insert(QStringLiteral("one_time_keys"), signedOneTime.value());
    if (!fallback.isEmpty())
        body.insert(QStringLiteral("fallback_keys"), signedFallback.value());
    auto *request = m_api->upload(body);
    const int oneTimeCount = int(oneTime.size());
    const bool withFallback = !fallback.isEmpty();
    connect(request, &PendingRequest::finished, this, [this, oneTimeCount, withFallback](const HttpResponse &response) {
        if (!response.ok()) {
            qCWarning(lcDeviceIdentity) << "key upload failed:" << response.error.errcode << response.httpStatus
                                        << "(the same keys are uploaded again after the next sync)";
            m_busy = false;
            m_pending = false;
            return;
        }
        m_account->markKeysAsPublished();
        const auto counts = KeysApi::parseOneTimeKeyCounts(response.json());
        const int serverCount = counts.value(kSignedCurve25519, 0);
        // The server's answer is newer than the counts of any sync that was under way.
        m_serverCount = serverCount;
        if (withFallback && m_unusedFallbackTypes && !m_unusedFallbackTypes->contains(kSignedCurve25519))
            m_unusedFallbackTypes->append(kSignedCurve25519);
        m_pending = false;
        persistThen([this, oneTimeCount, withFallback, serverCount] {
            qCInfo(lcDeviceIdentity) << "uploaded" << oneTimeCount << "one-time key(s)"
                                     << (withFallback ? "and a fallback key" : "") << "; server holds" << serverCount;
            emit keysUploaded(oneTimeCount, withFallback, serverCount);
            finishBusy();
        });
    });
}

} // namespace estafette
