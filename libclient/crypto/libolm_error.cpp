#include "crypto/libolm_error.h"

namespace estafette {

CryptoError cryptoErrorFromOlm(OlmErrorCode code)
{
    switch (code) {
    case OLM_SUCCESS: return CryptoError::Unknown; // asked for an error where libolm reports none
    case OLM_NOT_ENOUGH_RANDOM: return CryptoError::NotEnoughRandom;
    case OLM_OUTPUT_BUFFER_TOO_SMALL: return CryptoError::OutputBufferTooSmall;
    case OLM_BAD_MESSAGE_VERSION: return CryptoError::BadMessageVersion;
    case OLM_BAD_MESSAGE_FORMAT: return CryptoError::BadMessageFormat;
    case OLM_BAD_MESSAGE_MAC: return CryptoError::BadMessageMac;
    case OLM_BAD_MESSAGE_KEY_ID: return CryptoError::BadMessageKeyId;
    case OLM_INVALID_BASE64: return CryptoError::InvalidBase64;
    case OLM_BAD_ACCOUNT_KEY: return CryptoError::BadPickleKey;
    case OLM_UNKNOWN_PICKLE_VERSION: return CryptoError::UnknownPickleVersion;
    case OLM_CORRUPTED_PICKLE: return CryptoError::CorruptedPickle;
    case OLM_PICKLE_EXTRA_DATA: return CryptoError::CorruptedPickle;
    case OLM_BAD_SESSION_KEY: return CryptoError::BadSessionKey;
    case OLM_UNKNOWN_MESSAGE_INDEX: return CryptoError::UnknownMessageIndex;
    case OLM_BAD_LEGACY_ACCOUNT_PICKLE: return CryptoError::BadLegacyAccountPickle;
    case OLM_BAD_SIGNATURE: return CryptoError::BadSignature;
    case OLM_INPUT_BUFFER_TOO_SMALL: return CryptoError::InputBufferTooSmall;
    case OLM_SAS_THEIR_KEY_NOT_SET: break;
    }
    return CryptoError::Unknown;
}

} // namespace estafette
