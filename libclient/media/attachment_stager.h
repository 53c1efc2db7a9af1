#pragma once

#include "media/attachment_source.h"
#include "media/outgoing_attachment.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>

class QThreadPool;

namespace estafette {

struct StagingError {
    enum class Kind {
        None,
        Unreadable, // missing, not a regular file, no permission, or a read error part way
        Empty,      // nothing to send
        TooLarge,   // over the server's upload limit (size and limit set)
        NoSpace,    // the disk holding the account's folder is full
        Io,         // the staged copy could not be written (detail says why)
        Cancelled,  // the future was cancelled, or the stager went away
    };
    Kind kind = Kind::None;
    QString fileName; // the name shown to the person
    qint64 size = 0;  // TooLarge: the file's size in bytes
    qint64 limit = 0; // TooLarge: the server's limit in bytes
    QString detail;   // for logs
    bool ok() const { return kind == Kind::None; }
    // A sentence for the person (sizes in the current locale), e.g. "“plan.pdf” is too large to send: 120 MB, and
    // this server accepts at most 100 MB."
    QString message() const;
};

struct StagingResult {
    OutgoingAttachment attachment; // complete (staged, fsynced, described) when ok
    StagingError error;
    bool ok() const { return error.ok(); }
};

// Turns what the composer accepted (AttachmentSource) into an OutgoingAttachment staged under
// `<media>/staging/`, encrypted at rest with a fresh key (the key is in the result: the outbox stores it in the
// database), never a plaintext copy on disk. Off the calling thread: the copy, stripping, decoding and encryption
// run in a thread pool; only the video probe (Qt Multimedia, asynchronous) runs on the stager's thread, which needs
// an event loop.
// - the server's limit is checked first (TooLarge, both sizes, before anything is written);
// - images (not sendAsFile): identifying metadata stripped (ImageMetadataStripper; when that fails the decoded
//   pixels are re-encoded instead, so no Exif ever leaves), size as displayed and a thumbnail; an image Qt cannot
//   decode, SVG and absurdly large ones go as m.file;
// - videos: duration, size and a poster frame thumbnail when Qt Multimedia gives one (sent anyway when it does
//   not); sounds: duration; everything else m.file with its bytes unchanged;
// - files are streamed in chunks of at most 1 MiB, never whole in memory.
// The returned future gets exactly one result (check ok()) and finishes on a pool thread or the stager's: watch
// it with QFutureWatcher or then(context, ...) to be called back on your thread. Cancelling it stops the work and
// removes whatever was staged (a cancelled future has no result); a stager destroyed with work in flight cancels
// it the same way. Staged files of a failed staging are removed too; those of a result are the caller's (the
// outbox), see discard().
class AttachmentStager : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 ChunkSize = qint64(1) << 20;
    static constexpr const char *StagingFolder = "staging";

    explicit AttachmentStager(const QString &mediaPath, QObject *parent = nullptr);
    ~AttachmentStager() override;

    // m.upload.size from the server's media config; 0 when unknown (then nothing is refused here).
    void setUploadLimit(qint64 bytes) { m_uploadLimit = bytes; }
    qint64 uploadLimit() const { return m_uploadLimit; }
    void setVideoProbeTimeout(int ms) { m_probeTimeoutMs = ms; }
    // Default: QThreadPool::globalInstance(). Not owned.
    void setThreadPool(QThreadPool *pool) { m_pool = pool; }

    QFuture<StagingResult> stage(const AttachmentSource &source, const QString &caption = {});

    // Removes an attachment's staged file and thumbnail (cancelled or sent). Names outside the media folder are
    // ignored.
    static void discard(const QString &mediaPath, const OutgoingAttachment &attachment);

private:
    struct Job;
    struct Handoff;
    struct Link; // lets workers reach this object only while it lives

    void probe(std::shared_ptr<Handoff> handoff);

    QString m_mediaPath;
    qint64 m_uploadLimit = 0;
    int m_probeTimeoutMs = 8000;
    QThreadPool *m_pool = nullptr;
    std::shared_ptr<Link> m_link;
};

} // namespace estafette
