#include "media/media_thumbnails.h"

#include "media/media_error_text.h"

#include "media/ctr_decrypting_device.h"
#include "media/image_probe.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "media/media_request.h"
#include "rooms/outbox.h"
#include "session/media_session.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent>

namespace estafette {

namespace {
constexpr int kMaxPictures = 200;

struct Decoded {
    QImage image;
    QString problem;
};

// In the thread pool: the picture decoded straight from the decrypting device, oriented, scaled while decoding.
Decoded decodeFile(const QString &mediaPath, const StagedFile &file, const QSize &box)
{
    CtrDecryptingDevice device(mediaPath, file);
    if (!device.open(QIODevice::ReadOnly))
        return {{}, MediaThumbnails::tr("The picture could not be read.")};
    const ImageProbe::Info probed = ImageProbe::probe(&device);
    if (!probed.ok())
        return {{}, MediaThumbnails::tr("The picture is damaged or too large to show.")};
    device.seek(0);
    QImageReader reader(&device);
    reader.setAutoTransform(true);
    QSize size = probed.size; // as displayed
    if (box.isValid() && (size.width() > box.width() || size.height() > box.height()))
        size = size.scaled(box, Qt::KeepAspectRatio);
    // The reader scales before it turns the picture: give it the size as stored.
    if (probed.rotated)
        size.transpose();
    reader.setScaledSize(size.expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull())
        return {{}, MediaThumbnails::tr("The picture is damaged and cannot be shown.")};
    return {image, {}};
}
} // namespace

MediaThumbnails::MediaThumbnails(MediaSession *media, Outbox *outbox, QObject *parent)
    : ThumbnailSource(parent), m_media(media), m_outbox(outbox)
{
}

ThumbnailSource::Result MediaThumbnails::thumbnail(const QString &key) const
{
    return m_results.value(key);
}

void MediaThumbnails::request(const ThumbnailRequest &request)
{
    const auto known = m_results.constFind(request.key);
    if (known != m_results.cend() && known->state != State::Unknown)
        return;
    if (!m_media) {
        fail(request.key, tr("Pictures are not available for this account."));
        return;
    }
    m_results.insert(request.key, Result{State::Pending, {}, {}});

    if (!request.transactionId.isEmpty()) {
        // Our own file still in the outbox: its staged thumbnail (or the staged image itself).
        const std::optional<OutgoingAttachment> pending =
            m_outbox ? m_outbox->pendingAttachment(request.transactionId) : std::nullopt;
        if (!pending) {
            m_results.remove(request.key); // sent meanwhile: the server's event will ask again
            return;
        }
        if (pending->hasThumbnail())
            decode(request.key, pending->thumbnail, request.size);
        else if (pending->msgtype == QLatin1String("m.image"))
            decode(request.key, pending->file, request.size);
        else
            fail(request.key, {});
        return;
    }

    MediaRequest wanted;
    wanted.mxcUri = request.source.url;
    if (request.source.file) {
        wanted.encrypted = request.source.file;
        if (request.fromFile && request.announcedBytes > kMaxInlineFetch) {
            fail(request.key, tr("No preview: the file is large. Open it to see it."));
            return;
        }
        wanted.maxSize = request.fromFile ? kMaxInlineFetch : MediaRequest::DefaultMaxThumbnail;
    } else if (request.fromFile) {
        // A plain file without a thumbnail of its own: the server scales it.
        wanted.thumbnailSize = request.size;
    } else {
        wanted.maxSize = MediaRequest::DefaultMaxThumbnail;
    }
    MediaFetch *fetch = m_media->downloader()->fetch(wanted);
    const QString key = request.key;
    const QSize box = request.size;
    connect(fetch, &MediaFetch::finished, this, [this, key, box](const FetchedMedia &result) {
        if (!result.ok()) {
            fail(key, mediaErrorText(result.error));
            return;
        }
        decode(key, result.entry.file, box);
    });
}

void MediaThumbnails::decode(const QString &key, const StagedFile &file, const QSize &box)
{
    auto *watcher = new QFutureWatcher<Decoded>(this);
    connect(watcher, &QFutureWatcher<Decoded>::finished, this, [this, watcher, key] {
        watcher->deleteLater();
        const Decoded decoded = watcher->result();
        if (decoded.image.isNull())
            fail(key, decoded.problem);
        else
            ready(key, decoded.image);
    });
    watcher->setFuture(QtConcurrent::run(decodeFile, m_media->mediaPath(), file, box));
}

void MediaThumbnails::fail(const QString &key, const QString &problem)
{
    m_results.insert(key, Result{State::Failed, {}, problem});
    emit imageFailed(key);
}

void MediaThumbnails::ready(const QString &key, const QImage &image)
{
    m_results.insert(key, Result{State::Ready, image, {}});
    m_readyOrder.removeOne(key);
    m_readyOrder.append(key);
    while (m_readyOrder.size() > kMaxPictures)
        m_results.remove(m_readyOrder.takeFirst()); // asked for again when it is painted again
    emit imageReady(key);
}

} // namespace estafette
