#include "crypto/crypto_error.h"

namespace estafette {

QString cryptoErrorName(CryptoError error)
{
    switch (error) {
    case CryptoError::None: return QStringLiteral("None");
    case CryptoError::NotEnoughRandom: return QStringLiteral("NotEnoughRandom");
    case CryptoError::OutputBufferTooSmall: return QStringLiteral("OutputBufferTooSmall");
    case CryptoError::BadMessageVersion: return QStringLiteral("BadMessageVersion");
    case CryptoError::BadMessageFormat: return QStringLiteral("BadMessageFormat");
    case CryptoError::BadMessageMac: return QStringLiteral("BadMessageMac");
    case CryptoError::BadMessageKeyId: return QStringLiteral("BadMessageKeyId");
    case CryptoError::InvalidBase64: return QStringLiteral("InvalidBase64");
    case CryptoError::BadPickleKey: return QStringLiteral("BadPickleKey");
    case CryptoError::UnknownPickleVersion: return QStringLiteral("UnknownPickleVersion");
    case CryptoError::CorruptedPickle: return QStringLiteral("CorruptedPickle");
    case CryptoError::BadSessionKey: return QStringLiteral("BadSessionKey");
    case CryptoError::UnknownMessageIndex: return QStringLiteral("UnknownMessageIndex");
    case CryptoError::BadLegacyAccountPickle: return QStringLiteral("BadLegacyAccountPickle");
    case CryptoError::BadSignature: return QStringLiteral("BadSignature");
    case CryptoError::InputBufferTooSmall: return QStringLiteral("InputBufferTooSmall");
    case CryptoError::WrongMessageType: return QStringLiteral("WrongMessageType");
    case CryptoError::SessionMismatch: return QStringLiteral("SessionMismatch");
    case CryptoError::InvalidJson: return QStringLiteral("InvalidJson");
    case CryptoError::SignatureMissing: return QStringLiteral("SignatureMissing");
    case CryptoError::Unknown: break;
    }
    return QStringLiteral("Unknown");
}

} // namespace estafette
