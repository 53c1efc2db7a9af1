#pragma once

#include "media/attachment_cipher.h"
#include "media/media_error.h"
#include "media/outgoing_attachment.h"

#include <QFile>
#include <QIODevice>

#include <functional>
#include <optional>

namespace estafette {

// A write-only device that puts a downloaded body into one file of the media cache, encrypted at rest, as it
// arrives, in the chunks it is given (nothing held whole in memory):
// - plain media is encrypted on its way to the disk with a fresh single-use key (AttachmentEncryptor);
// - an encrypted attachment's ciphertext is written as it comes, its SHA-256 computed as it goes and checked
//   against the attachment's at the end.
// The file is created at open(). finish() checks, then flushes it to the disk (fsync, on a pool thread) and
// gives the StagedFile; a failure, discard() or destruction before finish() removes the file.
// Writes happen on the thread the writer lives on (encrypting a 64 KiB chunk is tens of microseconds).
class CacheFileWriter : public QIODevice {
    Q_OBJECT
public:
    // `path`: where the file goes; `fileName`: its name relative to the media folder, put in the StagedFile.
    // `attachment`: the encrypted attachment whose ciphertext this is; nullopt for plain media.
    CacheFileWriter(const QString &path, const QString &fileName, std::optional<EncryptedFileInfo> attachment,
                    QObject *parent = nullptr);
    ~CacheFileWriter() override;

    // Creates (truncates) the file and opens the device write-only. False with errorString() on failure.
    bool open(OpenMode mode = WriteOnly) override;
    bool isSequential() const override { return true; }
    // Drops what was written and starts over (a new key for plain media): a transfer starting again.
    bool restart();
    // Ends the file: HashMismatch for an attachment whose ciphertext is not the announced one (file removed),
    // Storage when the disk refused. `done` runs on this object's thread, not from within finish(); it is not
    // called when the writer is destroyed first.
    void finish(std::function<void(const StagedFile &file, const MediaError &error)> done);
    // Removes the file (unless finish() succeeded). Idempotent.
    void discard();
    qint64 written() const { return m_written; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 length) override;

private:
    bool startCipher();
    void fail(const QString &reason);

    QString m_path;
    QString m_fileName;
    std::optional<EncryptedFileInfo> m_attachment;
    QFile m_file;
    AttachmentEncryptor m_encryptor;       // plain media
    AttachmentHashVerifier m_verifier;     // attachment ciphertext
    qint64 m_written = 0;
    bool m_failed = false;
    bool m_finishing = false;
    bool m_kept = false;
    bool m_discarded = false; // discard() while finish() was flushing
};

} // namespace estafette
