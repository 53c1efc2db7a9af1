#pragma once

#include "media/attachment_cipher.h"
#include "media/outgoing_attachment.h"

#include <QFile>
#include <QIODevice>

#include <array>
#include <cstdint>
#include <memory>

namespace estafette {

// A read-only, seekable QIODevice over a file of AES-256-CTR ciphertext (the attachment format, v2): reading it at
// any position returns the plaintext there, decrypted as it is read. Nothing decrypted touches the disk and the
// file is never held whole in memory, so an encrypted video can be played, a staged file uploaded in the clear and
// a cached image decoded without a plaintext copy.
//
// CTR is seekable: the byte at position p is in block p / 16, whose counter block is the IV's random 64-bit prefix
// followed by (the IV's low 64 bits + p / 16) modulo 2^64, big-endian: the counter wraps without carrying into the
// prefix, exactly as AttachmentEncryptor/AttachmentDecryptor do.
//
// The device does not check the SHA-256: whoever hands it a file received from someone else checks it first
// (verifyCiphertext() does it over the whole file, in chunks), so a tampered file is never decrypted for display.
class CtrDecryptingDevice : public QIODevice {
    Q_OBJECT
public:
    // key and IV are taken from info (validated on open()); url and sha256 are only used by verifyCiphertext().
    CtrDecryptingDevice(const QString &ciphertextPath, const EncryptedFileInfo &info, QObject *parent = nullptr);
    // A staged or cached file under the account's media folder.
    CtrDecryptingDevice(const QString &mediaPath, const StagedFile &file, QObject *parent = nullptr);
    ~CtrDecryptingDevice() override;

    // ReadOnly only (opened unbuffered: the plaintext is not kept twice). False with error() set otherwise.
    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return false; }
    qint64 size() const override;
    // Positions beyond size() are refused.
    bool seek(qint64 pos) override;

    // Why the last open(), read or verifyCiphertext() failed (Kind::None when it did not).
    AttachmentError error() const { return m_error; }

    // Streams the whole ciphertext through SHA-256 (chunks of 1 MiB) and compares it with the announced hash.
    // Usable before or after open(); does not move the read position.
    AttachmentError verifyCiphertext();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 maxSize) override;

private:
    bool restartCipherAt(qint64 pos);
    void wipeCipher();

    QString m_path;
    EncryptedFileInfo m_info;
    QFile m_file;
    AttachmentError m_error;

    struct CipherCtx;
    std::unique_ptr<CipherCtx> m_ctx; // positioned at m_ctxPos while valid
    qint64 m_readPos = 0;             // plaintext position the next readData() reads from
    qint64 m_ctxPos = -1;             // plaintext position the cipher context is at; -1: must be restarted
    qint64 m_ctxWrapPos = 0;          // position at which the low 64 bits of the counter wrap (restart there)
};

} // namespace estafette
