#pragma once

#include "crypto/crypto_result.h"

#include <QJsonObject>
#include <QString>

namespace estafette {

class CryptoBackend;
class OlmAccount;

// Signing JSON objects as the spec's appendix "Signing JSON" says: the signature covers the canonical JSON of the
// object without its "signatures" and "unsigned" members, and goes into signatures[userId][keyId].

// A copy of `object` with our device's signature added as signatures[userId]["ed25519:" + deviceId] (existing
// signatures and "unsigned" are kept).
CryptoResult<QJsonObject> signJson(OlmAccount &account, const QJsonObject &object, const QString &userId,
                                   const QString &deviceId);

// Checks signatures[userId][keyId] (e.g. keyId "ed25519:DEVICEID") against `ed25519Key`.
// SignatureMissing if there is no such signature, BadSignature if it doesn't verify, InvalidJson if the object has
// no canonical form.
CryptoStatus verifyJsonSignature(CryptoBackend &backend, const QJsonObject &object, const QString &userId,
                                 const QString &keyId, const QString &ed25519Key);

} // namespace estafette
