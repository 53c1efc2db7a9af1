#pragma once

// Encrypted attachments (Matrix client-server spec, "Sending encrypted attachments"):
// AES-256 in CTR mode with a single-use random 256-bit key; the 128-bit counter block is a random 64-bit prefix
// followed by a 64-bit big-endian counter that starts at 0; SHA-256 of the ciphertext; described to the recipient
// by an `EncryptedFile` JSON object of version "v2". All crypto is OpenSSL EVP; nothing here does network or disk.
//
// Counter semantics: the counter is the low 64 bits only. Should it wrap (only possible for an IV received from
// someone else whose counter does not start at 0), it wraps to 0 without carrying into the random prefix, as the
// spec's "64-bit counter prefixed by a 64-bit IV" says (and as WebCrypto's AES-CTR with length 64 does).

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace estafette {

struct AttachmentError {
    enum class Kind {
        None,
        MalformedInfo,        // the EncryptedFile JSON is not an object / lacks a field / has a wrong type or bad base64
        UnsupportedVersion,   // "v" is missing, "v1" or anything but "v2"
        UnsupportedAlgorithm, // key "alg" is not A256CTR or "kty" is not oct
        InvalidKey,           // the key is not 32 bytes
        InvalidIv,            // the IV is not 16 bytes
        MissingHash,          // no hashes.sha256, or it is not 32 bytes
        HashMismatch,         // the ciphertext's SHA-256 is not the announced one: the file was altered
        Crypto,               // OpenSSL failed (or no randomness available)
        InvalidState,         // update()/finish() without a successful init(), or after finish()
        Io,                   // the file holding the ciphertext could not be opened or read (missing, truncated)
    };
    Kind kind = Kind::None;
    QString detail; // for logs; never contains key material
    bool ok() const { return kind == Kind::None; }

    static const char *kindName(Kind kind);
};

template <typename T>
struct AttachmentResult {
    T value{};
    AttachmentError error;
    bool ok() const { return error.ok(); }
};

// What a recipient needs to fetch and decrypt one attachment (`EncryptedFile` in the spec). Raw bytes, not base64.
// The key is wiped (OPENSSL_cleanse) when the holder of its last copy is destroyed or calls wipeKey().
struct EncryptedFileInfo {
    static constexpr qsizetype KeySize = 32;
    static constexpr qsizetype IvSize = 16;
    static constexpr qsizetype Sha256Size = 32;

    QString url;       // mxc:// URI of the uploaded ciphertext; empty until the upload is done
    QByteArray key;    // 32 bytes, AES-256 key
    QByteArray iv;     // 16 bytes, initial counter block
    QByteArray sha256; // 32 bytes, SHA-256 of the ciphertext
    QString version = QStringLiteral("v2");

    EncryptedFileInfo() = default;
    EncryptedFileInfo(const EncryptedFileInfo &) = default;
    EncryptedFileInfo(EncryptedFileInfo &&) noexcept = default;
    EncryptedFileInfo &operator=(const EncryptedFileInfo &) = default;
    EncryptedFileInfo &operator=(EncryptedFileInfo &&) noexcept = default;
    ~EncryptedFileInfo();

    void wipeKey();

    // Checks version "v2" and the key, IV and hash sizes (the same rules fromJson applies).
    AttachmentError validate() const;

    // {"v":"v2","key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR","k":<unpadded base64url>,
    //  "ext":true},"iv":<unpadded base64>,"hashes":{"sha256":<unpadded base64>},"url":<url>}
    // Note: the returned JSON holds the key as a string, which cannot be wiped; keep it short-lived.
    QJsonObject toJson() const;

    // Accepts padded or unpadded base64 (standard or URL-safe alphabet) for k, iv and hashes.sha256. Rejects any
    // version but "v2", alg other than A256CTR, kty other than oct, keys other than 32 bytes, IVs other than 16
    // bytes and a missing or wrongly sized sha256. key_ops and ext are WebCrypto import hints with no bearing on
    // decryption and are not checked. Never throws, whatever the input.
    static AttachmentResult<EncryptedFileInfo> fromJson(const QJsonObject &file);
    static AttachmentResult<EncryptedFileInfo> fromJson(const QByteArray &json);
};

// Streaming encryption: init() once, update() for each chunk (any size, output is the same size), then finish()
// for the EncryptedFileInfo (key, IV, SHA-256 of all ciphertext produced; url left empty). Move-only.
class AttachmentEncryptor {
public:
    AttachmentEncryptor();
    ~AttachmentEncryptor();
    AttachmentEncryptor(AttachmentEncryptor &&) noexcept;
    AttachmentEncryptor &operator=(AttachmentEncryptor &&) noexcept;
    AttachmentEncryptor(const AttachmentEncryptor &) = delete;
    AttachmentEncryptor &operator=(const AttachmentEncryptor &) = delete;

    // A fresh random key and IV: upper 64 bits of the IV random, lower 64 bits (the counter) zero.
    AttachmentError init();
    // Fixed key (32 bytes) and IV (16 bytes): for known-answer tests. Never reuse a key/IV pair for two files.
    AttachmentError init(QByteArrayView key, QByteArrayView iv);

    AttachmentResult<QByteArray> update(QByteArrayView plaintext);
    // Ends the stream and wipes the encryptor's copy of the key; the encryptor must be init() again to be reused.
    AttachmentResult<EncryptedFileInfo> finish();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Streaming decryption. update() returns plaintext as it goes, so the hash can only be checked at finish():
// plaintext produced before finish() must be treated as untrusted and discarded when finish() returns an error
// (write it to a temporary file, keep it only on success). When the ciphertext can be read twice, check it first
// with AttachmentHashVerifier (or use decryptAttachment(), which does). Move-only.
class AttachmentDecryptor {
public:
    AttachmentDecryptor();
    ~AttachmentDecryptor();
    AttachmentDecryptor(AttachmentDecryptor &&) noexcept;
    AttachmentDecryptor &operator=(AttachmentDecryptor &&) noexcept;
    AttachmentDecryptor(const AttachmentDecryptor &) = delete;
    AttachmentDecryptor &operator=(const AttachmentDecryptor &) = delete;

    AttachmentError init(const EncryptedFileInfo &info); // validates info (v2, sizes) first
    AttachmentResult<QByteArray> update(QByteArrayView ciphertext);
    AttachmentError finish(); // HashMismatch when the ciphertext is not the one announced

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Streaming check of a ciphertext against info.sha256 without decrypting it (constant-time comparison).
class AttachmentHashVerifier {
public:
    AttachmentHashVerifier();
    ~AttachmentHashVerifier();
    AttachmentHashVerifier(AttachmentHashVerifier &&) noexcept;
    AttachmentHashVerifier &operator=(AttachmentHashVerifier &&) noexcept;
    AttachmentHashVerifier(const AttachmentHashVerifier &) = delete;
    AttachmentHashVerifier &operator=(const AttachmentHashVerifier &) = delete;

    AttachmentError init(const EncryptedFileInfo &info);
    AttachmentError update(QByteArrayView ciphertext);
    AttachmentError finish();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

struct EncryptedAttachment {
    QByteArray ciphertext;
    EncryptedFileInfo info; // url empty: set it after the upload
};

// One-shot helpers for data already in memory.
AttachmentResult<EncryptedAttachment> encryptAttachment(QByteArrayView plaintext);
// Verifies the SHA-256 of the whole ciphertext before decrypting anything: on mismatch no plaintext is returned.
AttachmentResult<QByteArray> decryptAttachment(QByteArrayView ciphertext, const EncryptedFileInfo &info);

} // namespace estafette
