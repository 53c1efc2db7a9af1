#include "crypto/device_keys.h"

#include "crypto/crypto_backend.h"
#include "crypto/json_signing.h"
#include "crypto/secret_memory.h"

#include <QJsonArray>

#include <algorithm>

namespace estafette {

namespace {
const QString kSignedCurve25519 = QStringLiteral("signed_curve25519");
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

} // namespace estafette
