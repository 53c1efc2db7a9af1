#pragma once

// What end-to-end decryption made of an event, kept with the event itself under the local key
// "org.estafette.e2e" (set only by our own decryption; Event::fromJson strips it from anything received, so a
// server can't pretend an event was encrypted).
//
// A decrypted event keeps its event id, sender, timestamps and unsigned data; its type and content are the
// decrypted ones. An event that could not be decrypted stays m.room.encrypted and says why.

#include "events/event.h"

#include <QString>

namespace estafette {

extern const QLatin1String kE2eKey; // "org.estafette.e2e"

enum class DecryptionError {
    None,
    MissingKey,          // no key for this session (yet): may arrive later
    UnknownIndex,        // the key we have starts after this message
    Replay,              // this session's message index was already used by another event
    WrongRoom,           // the plaintext names another room
    Malformed,           // ciphertext or plaintext not understood
    UnsupportedAlgorithm,
};

// How far the sender of a decrypted event is established.
enum class SenderTrust {
    KnownDevice,         // the session came over Olm from a device of the sender with the claimed keys
    UnknownDevice,       // the sender's device list doesn't (yet) list the session's device
    Mismatch,            // the session's device belongs to someone else, or its keys differ: not trusted
    Forwarded,           // the key was forwarded by one of our devices: authenticity not proven
};

struct EncryptionStatus {
    bool encrypted = false;  // arrived as m.room.encrypted
    bool decrypted = false;
    DecryptionError error = DecryptionError::None;
    SenderTrust trust = SenderTrust::UnknownDevice;
    QString senderKey;       // curve25519 of the session's device
    QString sessionId;
    QString deviceId;        // the sender's device, when known
};

EncryptionStatus encryptionStatus(const Event &event);
// The decrypted form of `encrypted`.
Event decryptedEvent(const Event &encrypted, const QString &type, const QJsonObject &content,
                     const EncryptionStatus &status);
// A decrypted event judged again: the same event with this sender trust (and device id, empty when none).
Event withSenderTrust(const Event &decrypted, SenderTrust trust, const QString &deviceId);
// `encrypted` marked as not decryptable, with the reason.
Event undecryptableEvent(const Event &encrypted, DecryptionError error);

QString decryptionErrorName(DecryptionError error);
QString senderTrustName(SenderTrust trust);

} // namespace estafette
