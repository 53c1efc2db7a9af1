#pragma once

// The signed key objects a device publishes with /keys/upload (spec: "Uploading keys").

#include "crypto/crypto_result.h"
#include "crypto/crypto_types.h"

#include <QJsonObject>
#include <QString>

#include <cstddef>

namespace estafette {

class OlmAccount;

// The device_keys object of /keys/upload, signed with the account's ed25519 key.
CryptoResult<QJsonObject> signedDeviceKeys(OlmAccount &account, const QString &userId, const QString &deviceId);
// "signed_curve25519:<id>" -> {key, signatures} for each key (and "fallback": true for a fallback key).
CryptoResult<QJsonObject> signedCurve25519Keys(OlmAccount &account, const PublicKeys &keys, const QString &userId,
                                               const QString &deviceId, bool fallback);
// How many one-time keys to generate so that the server holds half of the account's maximum: the server's count
// and the keys already generated but not yet published count; never beyond the maximum the account keeps.
std::size_t oneTimeKeysToGenerate(int serverCount, std::size_t unpublished, std::size_t maxKeys);

} // namespace estafette
