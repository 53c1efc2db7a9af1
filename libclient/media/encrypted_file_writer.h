#pragma once

#include "media/attachment_cipher.h"
#include "media/early_writeback.h"
#include "media/outgoing_attachment.h"

#include <QByteArrayView>
#include <QFile>
#include <QString>

namespace estafette {

struct FileWriteError {
    enum class Kind {
        None,
        Io,           // the folder or file could not be created, written, synced or renamed
        NoSpace,      // the disk (or the quota) is full: a permanent failure for what was being written
        Crypto,       // the encryptor failed (no randomness, OpenSSL error)
        InvalidState, // write()/finish() without a successful open(), or after finish()/abort()
    };
    Kind kind = Kind::None;
    QString detail; // for logs
    bool ok() const { return kind == Kind::None; }
};

struct FileWriteResult {
    StagedFile file;
    FileWriteError error;
    bool ok() const { return error.ok(); }
};

// Writes a stream of plaintext encrypted at rest (AES-256-CTR v2 with a fresh single-use key) under the account's
// media folder: first to `<media>/<folder>/<random hex>.part`, then, on finish(), flushed, fsynced and renamed to
// `<media>/<folder>/<random hex>` (and the folder fsynced), so a file that exists under its final name is complete.
// The part file is removed on failure, abort() or destruction before finish(): nothing half-written is left behind
// under a name anyone would trust. Folders are created owner-only (0700), files 0600. Not thread-safe; usable from
// any one thread.
class EncryptedFileWriter {
public:
    // folder is relative to mediaPath, e.g. "staging" or "cache".
    EncryptedFileWriter(const QString &mediaPath, const QString &folder);
    ~EncryptedFileWriter();
    EncryptedFileWriter(const EncryptedFileWriter &) = delete;
    EncryptedFileWriter &operator=(const EncryptedFileWriter &) = delete;

    FileWriteError open();
    // Any chunk size; the caller keeps chunks small (≤ 1 MiB) so a large file is never whole in memory.
    FileWriteError write(QByteArrayView plaintext);
    qint64 bytesWritten() const { return m_written; }
    // The StagedFile: fileName "<folder>/<hex>" relative to the media folder, key/IV/SHA-256 of the ciphertext,
    // size. The key is in the result only: store it in the database, never beside the file.
    FileWriteResult finish();
    void abort();

    QString partPath() const { return m_partPath; } // while open, for tests and logs

private:
    FileWriteError fail(FileWriteError::Kind kind, const QString &detail);
    FileWriteError writeFailure(const QString &what);

    QString m_mediaPath;
    QString m_folder;
    QString m_name;     // random hex
    QString m_partPath; // absolute
    QFile m_file;
    EarlyWriteback m_writeback;
    AttachmentEncryptor m_encryptor;
    qint64 m_written = 0;
    bool m_open = false;
};

} // namespace estafette
