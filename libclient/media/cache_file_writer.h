#pragma once

#include "media/attachment_cipher.h"
#include "media/media_error.h"
#include "media/outgoing_attachment.h"

#include <QIODevice>
#include <QPointer>

#include <functional>
#include <optional>

class QThread;

namespace estafette {

class CacheFileWorker;

// A write-only device that puts a downloaded body into one file of the media cache, encrypted at rest, in the
// chunks it is given (nothing held whole in memory):
// - plain media is encrypted on its way to the disk with a fresh single-use key (AttachmentEncryptor);
// - an encrypted attachment's ciphertext is written as it comes, its SHA-256 computed as it goes and checked
//   against the attachment's at the end.
// The encryption (or hashing) and the disk writes happen on `ioThread` (a CacheFileWorker there), never on the
// writer's thread: write() only queues a copy of the chunk. bytesToWrite() is what is queued and not yet on
// disk, and bytesWritten() is emitted as it gets there, so a producer can hold back (HttpClient does) and
// memory stays bounded when the disk is slower than the network.
// finish() checks, flushes the file to the disk (fsync) and gives the StagedFile; a failure, discard() or
// destruction before finish() succeeded removes the file. `ioThread` must outlive the writer's work: stop it
// only after the writers are gone.
class CacheFileWriter : public QIODevice {
    Q_OBJECT
public:
    // `path`: where the file goes; `fileName`: its name relative to the media folder, put in the StagedFile.
    // `attachment`: the encrypted attachment whose ciphertext this is; nullopt for plain media.
    CacheFileWriter(const QString &path, const QString &fileName, std::optional<EncryptedFileInfo> attachment,
                    QThread *ioThread, QObject *parent = nullptr);
    ~CacheFileWriter() override;

    // Creates (truncates) the file and opens the device write-only. False with errorString() when the file can't
    // be created; a later disk failure makes write() fail and finish() report Storage.
    bool open(OpenMode mode = WriteOnly) override;
    bool isSequential() const override { return true; }
    qint64 bytesToWrite() const override { return m_pending; }
    // Drops what was written and starts over (a new key for plain media): a transfer starting again.
    bool restart();
    // Ends the file: HashMismatch for an attachment whose ciphertext is not the announced one (file removed),
    // Storage when the disk refused. `done` runs on this object's thread, never from within finish(); it is not
    // called when the writer is destroyed first.
    void finish(std::function<void(const StagedFile &file, const MediaError &error)> done);
    // Removes the file (unless finish() succeeded). Idempotent.
    void discard();
    // Bytes accepted since open() or restart().
    qint64 written() const { return m_written; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 length) override;

private:
    void onWritten(qint64 bytes);
    void onFailed(const QString &reason);
    void onFinished(const EncryptedFileInfo &cipher, qint64 size, const MediaError &error);

    QString m_path;
    QString m_fileName;
    QPointer<CacheFileWorker> m_worker; // on the I/O thread; deleted with deleteLater
    std::function<void(const StagedFile &, const MediaError &)> m_done;
    qint64 m_written = 0;
    qint64 m_pending = 0;
    bool m_failed = false;
    bool m_finishing = false;
    bool m_kept = false;
    bool m_discarded = false;
};

} // namespace estafette
