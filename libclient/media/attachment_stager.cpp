#include "media/attachment_stager.h"

#include "media/ctr_decrypting_device.h"
#include "media/encrypted_file_writer.h"
#include "media/image_metadata_stripper.h"
#include "media/image_probe.h"
#include "media/media_kind.h"
#include "media/thumbnail_maker.h"
#include "media/video_probe.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QLocale>
#include <QPromise>
#include <QThreadPool>

#include <functional>
#include <vector>

namespace estafette {

namespace {

using Kind = StagingError::Kind;
using Cancelled = std::function<bool()>;

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

StagingError makeError(Kind kind, const QString &fileName, const QString &detail)
{
    StagingError error;
    error.kind = kind;
    error.fileName = fileName;
    error.detail = detail;
    return error;
}

StagingError fromWriteError(const FileWriteError &error, const QString &fileName)
{
    return makeError(error.kind == FileWriteError::Kind::NoSpace ? Kind::NoSpace : Kind::Io, fileName, error.detail);
}

StagingError tooLarge(const QString &fileName, qint64 size, qint64 limit)
{
    StagingError error = makeError(Kind::TooLarge, fileName, QStringLiteral("%1 > %2 bytes").arg(size).arg(limit));
    error.size = size;
    error.limit = limit;
    return error;
}

// Lets QImageWriter write straight into the encrypted staged file, a few kilobytes at a time.
class WriterDevice : public QIODevice {
public:
    explicit WriterDevice(EncryptedFileWriter &writer) : m_writer(writer) { open(WriteOnly); }
    FileWriteError error() const { return m_error; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        m_error = m_writer.write(QByteArrayView(data, size));
        return m_error.ok() ? size : -1;
    }

private:
    EncryptedFileWriter &m_writer;
    FileWriteError m_error;
};

struct Staged {
    StagedFile file;
    StagingError error;
};

// Streams a device into a new staged file, ChunkSize at a time.
Staged copyToStaging(QIODevice &in, const QString &mediaPath, const QString &fileName, qint64 limit,
                     const Cancelled &cancelled)
{
    Staged staged;
    EncryptedFileWriter writer(mediaPath, QLatin1String(AttachmentStager::StagingFolder));
    if (FileWriteError error = writer.open(); !error.ok()) {
        staged.error = fromWriteError(error, fileName);
        return staged;
    }
    QByteArray chunk(AttachmentStager::ChunkSize, Qt::Uninitialized);
    for (;;) {
        if (cancelled()) {
            staged.error = makeError(Kind::Cancelled, fileName, QStringLiteral("cancelled"));
            return staged;
        }
        const qint64 got = in.read(chunk.data(), chunk.size());
        if (got < 0) {
            staged.error = makeError(Kind::Unreadable, fileName, in.errorString());
            return staged;
        }
        if (got == 0)
            break;
        if (limit > 0 && writer.bytesWritten() + got > limit) { // the file grew while it was read
            staged.error = tooLarge(fileName, writer.bytesWritten() + got, limit);
            return staged;
        }
        if (FileWriteError error = writer.write(QByteArrayView(chunk.constData(), got)); !error.ok()) {
            staged.error = fromWriteError(error, fileName);
            return staged;
        }
    }
    FileWriteResult result = writer.finish();
    if (!result.ok())
        staged.error = fromWriteError(result.error, fileName);
    else
        staged.file = std::move(result.file);
    return staged;
}

// Stages the image with its identifying metadata stripped; the bytes of the picture are not touched.
Staged stripToStaging(QIODevice &in, const QString &mediaPath, const QString &fileName, const Cancelled &cancelled,
                      bool *malformed)
{
    Staged staged;
    *malformed = false;
    EncryptedFileWriter writer(mediaPath, QLatin1String(AttachmentStager::StagingFolder));
    if (FileWriteError error = writer.open(); !error.ok()) {
        staged.error = fromWriteError(error, fileName);
        return staged;
    }
    FileWriteError writeError;
    const ImageMetadataStripper::Result stripped = ImageMetadataStripper::strip(in, [&](QByteArrayView bytes) {
        if (cancelled())
            return false;
        writeError = writer.write(bytes);
        return writeError.ok();
    });
    if (!stripped.ok()) {
        if (cancelled())
            staged.error = makeError(Kind::Cancelled, fileName, QStringLiteral("cancelled"));
        else if (!writeError.ok())
            staged.error = fromWriteError(writeError, fileName);
        else if (stripped.error == ImageMetadataStripper::Error::ReadFailed)
            staged.error = makeError(Kind::Unreadable, fileName, stripped.detail);
        else
            *malformed = true;
        return staged; // the writer removes its part file
    }
    FileWriteResult result = writer.finish();
    if (!result.ok())
        staged.error = fromWriteError(result.error, fileName);
    else
        staged.file = std::move(result.file);
    return staged;
}

// When the structure cannot be stripped safely but Qt decodes the picture: its pixels, re-encoded without any
// metadata (orientation applied), are sent instead. *format is "jpeg" or "png"; *undecodable when Qt cannot
// decode it either (nothing staged, no error: it goes as a file).
Staged reencodeToStaging(QIODevice &in, const QString &mediaPath, const QString &fileName, QByteArray *format,
                         bool *undecodable)
{
    Staged staged;
    *undecodable = false;
    QImage image;
    {
        QImageReader reader(&in);
        reader.setAllocationLimit(ThumbnailMaker::AllocationLimitMB);
        reader.setAutoTransform(true);
        *format = reader.format() == "jpeg" ? QByteArray("jpeg") : QByteArray("png");
        image = reader.read();
    }
    if (image.isNull()) {
        *undecodable = true;
        return staged;
    }
    EncryptedFileWriter writer(mediaPath, QLatin1String(AttachmentStager::StagingFolder));
    if (FileWriteError error = writer.open(); !error.ok()) {
        staged.error = fromWriteError(error, fileName);
        return staged;
    }
    WriterDevice device(writer);
    QImageWriter imageWriter(&device, *format);
    if (*format == "jpeg")
        imageWriter.setQuality(92);
    // A view of the pixels only: the text keys the reader attached to image would be written back out.
    const QImage pixels(image.constBits(), image.width(), image.height(), image.bytesPerLine(), image.format());
    if (!imageWriter.write(pixels)) {
        staged.error = device.error().ok() ? makeError(Kind::Io, fileName, imageWriter.errorString())
                                           : fromWriteError(device.error(), fileName);
        return staged;
    }
    FileWriteResult result = writer.finish();
    if (!result.ok())
        staged.error = fromWriteError(result.error, fileName);
    else
        staged.file = std::move(result.file);
    return staged;
}

// Encodes and stages a thumbnail; an attachment without one is still sent, so failures only leave it out.
void stageThumbnail(const QString &mediaPath, const ThumbnailMaker::Thumbnail &thumbnail, OutgoingAttachment *a)
{
    if (!thumbnail.ok())
        return;
    EncryptedFileWriter writer(mediaPath, QLatin1String(AttachmentStager::StagingFolder));
    if (!writer.open().ok())
        return;
    for (qsizetype pos = 0; pos < thumbnail.data.size(); pos += AttachmentStager::ChunkSize) {
        if (!writer.write(QByteArrayView(thumbnail.data).sliced(pos, std::min<qsizetype>(AttachmentStager::ChunkSize, thumbnail.data.size() - pos))).ok())
            return;
    }
    FileWriteResult result = writer.finish();
    if (!result.ok())
        return;
    a->thumbnail = std::move(result.file);
    a->thumbnailMimeType = thumbnail.mimeType;
    a->thumbnailWidth = thumbnail.size.width();
    a->thumbnailHeight = thumbnail.size.height();
}

QString pathInside(const QString &mediaPath, const QString &fileName)
{
    const QString clean = QDir::cleanPath(fileName);
    if (mediaPath.isEmpty() || fileName.isEmpty() || QDir::isAbsolutePath(clean) || clean == QLatin1String("..")
        || clean.startsWith(QLatin1String("../")))
        return {};
    return QDir(mediaPath).filePath(clean);
}

} // namespace

// ---- StagingError -----------------------------------------------------------------------------------------------

QString StagingError::message() const
{
    const QString name = fileName.isEmpty() ? QCoreApplication::translate("AttachmentStager", "The file")
                                            : QCoreApplication::translate("AttachmentStager", "“%1”").arg(fileName);
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Unreadable:
        return QCoreApplication::translate("AttachmentStager", "%1 cannot be read: it may have been moved or deleted.")
            .arg(name);
    case Kind::Empty:
        return QCoreApplication::translate("AttachmentStager", "%1 is empty: there is nothing to send.").arg(name);
    case Kind::TooLarge:
        return QCoreApplication::translate("AttachmentStager", "%1 is too large to send: %2, and this server accepts at most %3.")
            .arg(name, sizeText(size), sizeText(limit));
    case Kind::NoSpace:
        return QCoreApplication::translate("AttachmentStager", "There is not enough free disk space to prepare %1 for sending.")
            .arg(name);
    case Kind::Io:
        return QCoreApplication::translate("AttachmentStager", "%1 could not be prepared for sending: the account's folder "
                                                    "could not be written.")
            .arg(name);
    case Kind::Cancelled:
        return QCoreApplication::translate("AttachmentStager", "Sending %1 was cancelled.").arg(name);
    }
    return {};
}

// ---- the pipeline -----------------------------------------------------------------------------------------------

struct AttachmentStager::Job {
    QPromise<StagingResult> promise;
    QString mediaPath;
    AttachmentSource source;
    qint64 limit = 0;
    int probeTimeoutMs = 0;
    bool cancelled() const { return promise.isCanceled(); }
};

// The result on its way: delivered exactly once by finish(), or, when dropped on the way (stager gone, future
// cancelled), its staged files are removed.
struct AttachmentStager::Handoff {
    std::shared_ptr<Job> job;
    StagingResult result;
    bool done = false;

    void finish()
    {
        done = true;
        if (job->cancelled()) {
            discard(job->mediaPath, result.attachment);
        } else {
            if (!result.ok())
                discard(job->mediaPath, result.attachment);
            job->promise.addResult(result);
        }
        job->promise.finish();
    }
    ~Handoff()
    {
        if (done)
            return;
        discard(job->mediaPath, result.attachment);
        job->promise.future().cancel();
        job->promise.finish();
    }
};

struct AttachmentStager::Link {
    QMutex mutex;
    AttachmentStager *owner = nullptr;
    std::vector<std::weak_ptr<Job>> jobs;
};

namespace {

// Everything but the video probe, on a pool thread. True when the result still needs the probe.
bool stageOnWorker(const AttachmentSource &source, const QString &mediaPath, qint64 limit, const Cancelled &cancelled,
                   StagingResult *out)
{
    OutgoingAttachment &a = out->attachment;
    const bool pasted = source.path.isEmpty();
    a.fileName = !source.fileName.isEmpty() ? source.fileName
                 : pasted                   ? QStringLiteral("image.png")
                                            : QFileInfo(source.path).fileName();
    auto fail = [out, &a](const StagingError &error) {
        out->error = error;
        out->error.fileName = a.fileName;
        return false;
    };
    if (!source.isValid())
        return fail(makeError(Kind::Unreadable, a.fileName, QStringLiteral("nothing to send")));

    QFile file;
    QByteArray pastedBytes = source.imageData;
    QBuffer buffer(&pastedBytes);
    QIODevice *in = &buffer;
    if (pasted) {
        buffer.open(QIODevice::ReadOnly);
    } else {
        const QFileInfo info(source.path);
        if (!info.exists() || !info.isFile())
            return fail(makeError(Kind::Unreadable, a.fileName, QStringLiteral("not a regular file")));
        file.setFileName(source.path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(makeError(Kind::Unreadable, a.fileName, file.errorString()));
        in = &file;
    }
    const qint64 size = in->size();
    if (size <= 0)
        return fail(makeError(Kind::Empty, a.fileName, QStringLiteral("0 bytes")));
    if (limit > 0 && size > limit)
        return fail(tooLarge(a.fileName, size, limit));

    const QMimeType mime = pasted ? MediaKind::mimeTypeForData(pastedBytes, a.fileName)
                                  : MediaKind::mimeTypeForFile(source.path, a.fileName);
    a.mimeType = mime.name();
    MediaKind::Kind kind = MediaKind::kindFor(mime, source.sendAsFile);

    Staged staged;
    bool imageStaged = false;
    if (kind == MediaKind::Kind::Image && ImageProbe::probe(in).ok()) {
        bool malformed = false;
        bool undecodable = false;
        staged = stripToStaging(*in, mediaPath, a.fileName, cancelled, &malformed);
        if (malformed) {
            if (!in->seek(0))
                return fail(makeError(Kind::Unreadable, a.fileName, in->errorString()));
            QByteArray format;
            staged = reencodeToStaging(*in, mediaPath, a.fileName, &format, &undecodable);
            if (!undecodable && staged.error.ok())
                a.mimeType = format == "jpeg" ? QStringLiteral("image/jpeg") : QStringLiteral("image/png");
        }
        if (!staged.error.ok())
            return fail(staged.error);
        imageStaged = !undecodable;
        if (undecodable && !in->seek(0))
            return fail(makeError(Kind::Unreadable, a.fileName, in->errorString()));
    }
    if (!imageStaged) {
        if (kind == MediaKind::Kind::Image)
            kind = MediaKind::Kind::File; // neither stripped nor decoded, or absurdly large: a file
        staged = copyToStaging(*in, mediaPath, a.fileName, limit, cancelled);
        if (!staged.error.ok())
            return fail(staged.error);
    }
    a.file = std::move(staged.file);
    a.msgtype = MediaKind::msgtype(kind);
    if (limit > 0 && a.file.size > limit)
        return fail(tooLarge(a.fileName, a.file.size, limit));

    if (kind == MediaKind::Kind::Image) {
        // Described and thumbnailed from the staged bytes (what will be sent), decrypted as they are read.
        CtrDecryptingDevice staging(mediaPath, a.file);
        if (!staging.open(QIODevice::ReadOnly))
            return fail(makeError(Kind::Io, a.fileName, staging.errorString()));
        const ImageProbe::Info info = ImageProbe::probe(&staging);
        const ThumbnailMaker::Thumbnail thumbnail = ThumbnailMaker::fromDevice(&staging);
        if (!info.ok() || !thumbnail.ok()) {
            a.msgtype = MediaKind::msgtype(MediaKind::Kind::File); // it does not decode: not shown as an image
        } else {
            a.width = info.size.width();
            a.height = info.size.height();
            if (cancelled())
                return fail(makeError(Kind::Cancelled, a.fileName, QStringLiteral("cancelled")));
            stageThumbnail(mediaPath, thumbnail, &a);
        }
    }
    return kind == MediaKind::Kind::Video || kind == MediaKind::Kind::Audio;
}

} // namespace

AttachmentStager::AttachmentStager(const QString &mediaPath, QObject *parent)
    : QObject(parent), m_mediaPath(mediaPath), m_pool(QThreadPool::globalInstance()),
      m_link(std::make_shared<Link>())
{
    qRegisterMetaType<StagingResult>();
    m_link->owner = this;
}

AttachmentStager::~AttachmentStager()
{
    QMutexLocker lock(&m_link->mutex);
    m_link->owner = nullptr;
    for (const auto &weak : m_link->jobs) {
        if (const auto job = weak.lock())
            job->promise.future().cancel();
    }
}

QFuture<StagingResult> AttachmentStager::stage(const AttachmentSource &source, const QString &caption)
{
    auto job = std::make_shared<Job>();
    job->mediaPath = m_mediaPath;
    job->source = source;
    job->limit = m_uploadLimit;
    job->probeTimeoutMs = m_probeTimeoutMs;
    job->promise.start();
    QFuture<StagingResult> future = job->promise.future();
    {
        QMutexLocker lock(&m_link->mutex);
        std::erase_if(m_link->jobs, [](const std::weak_ptr<Job> &weak) { return weak.expired(); });
        m_link->jobs.push_back(job);
    }
    auto handoff = std::make_shared<Handoff>();
    handoff->job = job;
    handoff->result.attachment.caption = caption;
    m_pool->start([handoff, link = m_link]() mutable {
        const std::shared_ptr<Job> job = handoff->job;
        const bool needsProbe = stageOnWorker(job->source, job->mediaPath, job->limit,
                                              [job] { return job->cancelled(); }, &handoff->result);
        if (!needsProbe || !handoff->result.ok() || job->cancelled()) {
            handoff->finish();
            return;
        }
        // Qt Multimedia wants the event loop of the stager's thread. Posted under the lock so the stager cannot
        // be destroyed in between; if it is destroyed before the event is delivered, the dropped handoff cleans up.
        QMutexLocker lock(&link->mutex);
        if (AttachmentStager *owner = link->owner) {
            QMetaObject::invokeMethod(
                owner, [owner, handoff = std::move(handoff)]() mutable { owner->probe(std::move(handoff)); },
                Qt::QueuedConnection);
        }
    });
    return future;
}

void AttachmentStager::probe(std::shared_ptr<Handoff> handoff)
{
    if (handoff->job->cancelled()) {
        handoff->finish();
        return;
    }
    auto *probe = new VideoProbe(this);
    probe->setTimeout(handoff->job->probeTimeoutMs);
    connect(probe, &VideoProbe::finished, this, [this, probe, handoff](const VideoProbe::Result &found) mutable {
        probe->deleteLater();
        OutgoingAttachment &a = handoff->result.attachment;
        a.durationMs = std::max<qint64>(0, found.durationMs);
        if (a.msgtype == MediaKind::msgtype(MediaKind::Kind::Video)) {
            if (found.loaded && !found.hasVideo && found.hasAudio) {
                a.msgtype = MediaKind::msgtype(MediaKind::Kind::Audio); // an .mp4 holding only sound
            } else if (found.size.isValid()) {
                a.width = found.size.width();
                a.height = found.size.height();
            }
        }
        if (found.poster.isNull() || a.msgtype != MediaKind::msgtype(MediaKind::Kind::Video)) {
            handoff->finish();
            return;
        }
        // Scaling and encoding the poster is image work: back to the pool.
        m_pool->start([handoff = std::move(handoff), poster = found.poster] {
            if (!handoff->job->cancelled())
                stageThumbnail(handoff->job->mediaPath, ThumbnailMaker::fromImage(poster),
                               &handoff->result.attachment);
            handoff->finish();
        });
    });
    probe->start(handoff->job->source.path);
}

void AttachmentStager::discard(const QString &mediaPath, const OutgoingAttachment &attachment)
{
    for (const QString &name : {attachment.file.fileName, attachment.thumbnail.fileName}) {
        const QString path = pathInside(mediaPath, name);
        if (!path.isEmpty())
            QFile::remove(path);
    }
}

} // namespace estafette
