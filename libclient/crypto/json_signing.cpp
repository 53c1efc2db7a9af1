#include "crypto/json_signing.h"

#include "crypto/canonical_json.h"
#include "crypto/crypto_backend.h"

namespace estafette {

namespace {
const QLatin1String kSignatures("signatures");
const QLatin1String kUnsigned("unsigned");

CryptoResult<QByteArray> signedBytes(QJsonObject object)
{
    object.remove(kSignatures);
    object.remove(kUnsigned);
    return canonicalJson(object);
}
} // namespace

CryptoResult<QJsonObject> signJson(OlmAccount &account, const QJsonObject &object, const QString &userId,
                                   const QString &deviceId)
{
    const auto bytes = signedBytes(object);
    if (!bytes)
        return bytes.error();
    const auto signature = account.sign(bytes.value());
    if (!signature)
        return signature.error();

    QJsonObject signatures = object.value(kSignatures).toObject();
    QJsonObject mine = signatures.value(userId).toObject();
    mine.insert(QLatin1String("ed25519:") + deviceId, signature.value());
    signatures.insert(userId, mine);
    QJsonObject result = object;
    result.insert(kSignatures, signatures);
    return result;
}

CryptoStatus verifyJsonSignature(CryptoBackend &backend, const QJsonObject &object, const QString &userId,
                                 const QString &keyId, const QString &ed25519Key)
{
    const QJsonValue signature =
        object.value(kSignatures).toObject().value(userId).toObject().value(keyId);
    if (!signature.isString() || signature.toString().isEmpty())
        return CryptoError::SignatureMissing;
    const auto bytes = signedBytes(object);
    if (!bytes)
        return bytes.error();
    return backend.verifyEd25519(ed25519Key, bytes.value(), signature.toString());
}

} // namespace estafette
