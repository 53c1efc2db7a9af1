#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>

#include <cstdint>

namespace estafette {

// The public identity keys of a device (unpadded base64, as in /keys/upload).
struct IdentityKeys {
    QString curve25519;
    QString ed25519;
};

// Public one-time or fallback keys not yet published: key id (e.g. "AAAAAQ") -> curve25519 key (unpadded base64).
using PublicKeys = QMap<QString, QString>;

// An Olm message as carried in m.room.encrypted "ciphertext": type 0 (pre-key) or 1 (normal) and a base64 body.
enum class OlmMessageType : int { PreKey = 0, Normal = 1 };

struct OlmMessage {
    OlmMessageType type = OlmMessageType::Normal;
    QByteArray body;
};

// A decrypted Megolm message. The caller keeps (session id, index) -> event id to detect replays: the same index
// seen again with a different event id (or timestamp) is a replay attack, not a duplicate.
struct MegolmPlaintext {
    QByteArray plaintext; // secret: wipe it once parsed
    std::uint32_t messageIndex = 0;
};

} // namespace estafette
