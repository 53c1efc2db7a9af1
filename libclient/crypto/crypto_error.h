#pragma once

#include <QString>

namespace estafette {

// Why a crypto operation failed. Backend-neutral: the libolm codes are mapped onto these, a later vodozemac backend
// maps its own errors onto the same values. Never carries secret material.
enum class CryptoError {
    None,
    NotEnoughRandom,      // the random source failed
    OutputBufferTooSmall, // a bug in the backend's size computation
    BadMessageVersion,    // unsupported protocol version
    BadMessageFormat,     // the message couldn't be decoded
    BadMessageMac,        // the message couldn't be authenticated (tampered, or not for this session)
    BadMessageKeyId,      // a pre-key message references a one-time key we don't have (any more)
    InvalidBase64,        // a key, message or pickle isn't valid base64
    BadPickleKey,         // wrong pickle key (or a damaged pickle)
    UnknownPickleVersion, // pickle written by a newer library
    CorruptedPickle,      // pickle couldn't be decoded
    BadSessionKey,        // a Megolm session key or exported key is invalid
    UnknownMessageIndex,  // a Megolm message older than the first index we know
    BadLegacyAccountPickle,
    BadSignature,         // an ed25519 signature doesn't verify
    InputBufferTooSmall,
    WrongMessageType,     // e.g. a normal Olm message given where a pre-key message is needed
    SessionMismatch,      // a pre-key message that doesn't belong to this session / sender
    InvalidJson,          // JSON that has no canonical form (floats, out-of-range integers) or a malformed object
    SignatureMissing,     // the object has no signature for the expected user and key id
    Unknown,
};

// A stable name for logs and test messages (no secret material).
QString cryptoErrorName(CryptoError error);

} // namespace estafette
