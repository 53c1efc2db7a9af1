#pragma once

#include "media/attachment_cipher.h"
#include "media/early_writeback.h"
#include "media/media_error.h"

#include <QByteArray>
#include <QFile>
#include <QObject>

#include <optional>

namespace estafette {

// The disk side of a CacheFileWriter, on the media I/O thread: encrypts plain chunks with a fresh key (or
// hashes an attachment's ciphertext), writes them, and at the end checks, flushes to the disk (fsync) and
// closes. Driven only through queued calls from its writer, answers only with signals; failures are sticky.
class CacheFileWorker : public QObject {
    Q_OBJECT
public:
    CacheFileWorker(const QString &path, std::optional<EncryptedFileInfo> attachment);
    ~CacheFileWorker() override;

    // Each of these runs on the worker's thread, in the order they were queued.
    void begin();                       // (re)creates the file and starts the cipher: a fresh key for plain media
    void write(const QByteArray &chunk); // always answers written(chunk.size()), also when dropped after a failure
    void finish();                      // answers finished()
    void discard();                     // closes and removes the file

signals:
    void written(qint64 bytes);
    void failed(const QString &reason);
    // On success: the key/IV/SHA-256 of the ciphertext on disk and its size (url empty).
    void finished(const estafette::EncryptedFileInfo &cipher, qint64 size, const estafette::MediaError &error);

private:
    void fail(const QString &reason);

    QString m_path;
    std::optional<EncryptedFileInfo> m_attachment;
    QFile m_file;
    EarlyWriteback m_writeback;
    AttachmentEncryptor m_encryptor;
    AttachmentHashVerifier m_verifier;
    qint64 m_size = 0;
    bool m_failed = false;
};

} // namespace estafette
