#pragma once

// The crypto backend interface: everything Estafette needs from an Olm/Megolm implementation, and nothing more.
// Today it is implemented with libolm 3.2 (libolm_*.{h,cpp}); a move to vodozemac replaces only those files and
// createCryptoBackend(). Nothing outside libclient/crypto/ includes a libolm header.
//
// Rules for every implementation:
//  - no exception escapes: each fallible call returns a CryptoResult (value or CryptoError);
//  - secrets (random bytes, plaintext copies, object memory) are wiped after use; none are ever logged;
//  - objects are not thread-safe: use one from one thread at a time;
//  - pickles are encrypted with the caller's pickle key and are only ever stored in the encrypted store.

#include "crypto/crypto_result.h"
#include "crypto/crypto_types.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace estafette {

// A pairwise Olm session with one device (m.olm.v1.curve25519-aes-sha2).
class OlmSession {
public:
    virtual ~OlmSession() = default;

    // Same value at both ends of the session.
    virtual QString sessionId() = 0;
    // Type 0 (pre-key) until the other side has replied, then type 1.
    virtual CryptoResult<OlmMessage> encrypt(const QByteArray &plaintext) = 0;
    // The plaintext is secret: the caller wipes it once parsed. A failed decrypt leaves the session unchanged.
    virtual CryptoResult<QByteArray> decrypt(const OlmMessage &message) = 0;
    // Whether a pre-key message was created from this (inbound) session, i.e. the sender sent several pre-key
    // messages before we replied. Try existing sessions with this before creating a new inbound session.
    virtual CryptoResult<bool> matchesInboundSession(const QString &theirIdentityKey,
                                                     const QByteArray &preKeyBody) = 0;
    virtual bool hasReceivedMessage() const = 0;
    virtual CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) = 0;
};

// An inbound Olm session together with the plaintext of the pre-key message that created it.
struct InboundOlmSession {
    std::unique_ptr<OlmSession> session;
    QByteArray plaintext; // secret: wipe once parsed
};

// The device's long-lived identity: curve25519 + ed25519 keys, one-time keys and the fallback key.
class OlmAccount {
public:
    virtual ~OlmAccount() = default;

    virtual IdentityKeys identityKeys() const = 0;
    // An ed25519 signature (unpadded base64) of `message` with the device key.
    virtual CryptoResult<QString> sign(const QByteArray &message) = 0;

    virtual std::size_t maxNumberOfOneTimeKeys() const = 0;
    // Generates `count` new one-time keys (the oldest are dropped beyond the maximum).
    virtual CryptoStatus generateOneTimeKeys(std::size_t count) = 0;
    virtual PublicKeys unpublishedOneTimeKeys() = 0;
    // Generates a new fallback key; the previous one is kept until forgetOldFallbackKey().
    virtual CryptoStatus generateFallbackKey() = 0;
    virtual PublicKeys unpublishedFallbackKey() = 0;
    virtual void forgetOldFallbackKey() = 0;
    // After a successful /keys/upload: these one-time keys and the fallback key are no longer "unpublished".
    // Returns the number of one-time keys marked. Pickle the account afterwards.
    virtual std::size_t markKeysAsPublished() = 0;

    // A session to a device from its curve25519 identity key and a one-time (or fallback) key from /keys/claim.
    virtual CryptoResult<std::unique_ptr<OlmSession>> createOutboundSession(const QString &theirIdentityKey,
                                                                            const QString &theirOneTimeKey) = 0;
    // A session from a received pre-key message (type 0), created ONLY if the message decrypts: on any failure no
    // session is returned and the account is unchanged. On success the one-time key used is removed from the
    // account, so the caller must then persist both the new session and the account (pickle after success only,
    // never before: a session from a message that didn't decrypt must never be stored).
    // `theirIdentityKey` is the sender_key of the event; it must match the key in the message.
    virtual CryptoResult<InboundOlmSession> createInboundSession(const QString &theirIdentityKey,
                                                                 const OlmMessage &preKeyMessage) = 0;

    virtual CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) = 0;
};

// Our sending side of a room's Megolm session (m.megolm.v1.aes-sha2).
class MegolmOutboundSession {
public:
    virtual ~MegolmOutboundSession() = default;

    virtual QString sessionId() = 0;
    // The key at the current index, to share in m.room_key. Secret: wipe after encrypting it to each device.
    virtual CryptoResult<QByteArray> sessionKey() = 0;
    // Index of the next message encrypted (starts at 0, +1 per message).
    virtual std::uint32_t messageIndex() = 0;
    // Base64 ciphertext of an m.room.encrypted "ciphertext".
    virtual CryptoResult<QByteArray> encrypt(const QByteArray &plaintext) = 0;
    virtual CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) = 0;
};

// Someone's Megolm session as received (m.room_key) or imported (forwarded key, backup).
class MegolmInboundSession {
public:
    virtual ~MegolmInboundSession() = default;

    virtual QString sessionId() = 0;
    // Messages below this index can't be decrypted with this session.
    virtual std::uint32_t firstKnownIndex() const = 0;
    // UnknownMessageIndex for a message older than firstKnownIndex(). The index is returned so the caller can detect
    // replays (same session and index, different event).
    virtual CryptoResult<MegolmPlaintext> decrypt(const QByteArray &ciphertext) = 0;
    // The session exported from `messageIndex` on (for forwarding / backup). Secret: wipe after use.
    virtual CryptoResult<QByteArray> exportAt(std::uint32_t messageIndex) = 0;
    virtual CryptoResult<QByteArray> pickle(const QByteArray &pickleKey) = 0;
};

// Creates and restores the objects above, and verifies signatures.
class CryptoBackend {
public:
    virtual ~CryptoBackend() = default;

    virtual QString name() const = 0; // e.g. "libolm 3.2.13", for diagnostics

    virtual CryptoResult<std::unique_ptr<OlmAccount>> createAccount() = 0;
    virtual CryptoResult<std::unique_ptr<OlmAccount>> unpickleAccount(const QByteArray &pickle,
                                                                      const QByteArray &pickleKey) = 0;
    virtual CryptoResult<std::unique_ptr<OlmSession>> unpickleOlmSession(const QByteArray &pickle,
                                                                         const QByteArray &pickleKey) = 0;

    virtual CryptoResult<std::unique_ptr<MegolmOutboundSession>> createMegolmOutboundSession() = 0;
    virtual CryptoResult<std::unique_ptr<MegolmOutboundSession>>
    unpickleMegolmOutboundSession(const QByteArray &pickle, const QByteArray &pickleKey) = 0;

    // From the session_key of an m.room_key (signed by the sender: known from its first index).
    virtual CryptoResult<std::unique_ptr<MegolmInboundSession>>
    createMegolmInboundSession(const QByteArray &sessionKey) = 0;
    // From an exported key (m.forwarded_room_key, key backup, exportAt()).
    virtual CryptoResult<std::unique_ptr<MegolmInboundSession>>
    importMegolmInboundSession(const QByteArray &exportedKey) = 0;
    virtual CryptoResult<std::unique_ptr<MegolmInboundSession>>
    unpickleMegolmInboundSession(const QByteArray &pickle, const QByteArray &pickleKey) = 0;

    // Verifies an ed25519 signature (unpadded base64) of `message` by `ed25519Key` (unpadded base64).
    virtual CryptoStatus verifyEd25519(const QString &ed25519Key, const QByteArray &message,
                                       const QString &signature) = 0;
};

// The backend Estafette uses (libolm today). Each call returns a new, independent backend.
std::unique_ptr<CryptoBackend> createCryptoBackend();

} // namespace estafette
