#include "media/media_avatar_source.h"

#include "media/ctr_decrypting_device.h"
#include "media/image_probe.h"
#include "media/media_downloader.h"
#include "media/media_fetch.h"
#include "media/media_request.h"
#include "media/mxc_uri.h"
#include "session/media_session.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent>

namespace estafette {

namespace {
constexpr int kMaxFailed = 2000; // beyond that the oldest are forgotten: a hostile room cannot grow it forever

// In the thread pool: the thumbnail decoded from the decrypting device, scaled to fill the square and cropped
// to its centre (the server's crop is a hint it may not follow exactly).
QImage decodeAvatar(const QString &mediaPath, const StagedFile &file, int side)
{
    CtrDecryptingDevice device(mediaPath, file);
    if (!device.open(QIODevice::ReadOnly))
        return {};
    const ImageProbe::Info probed = ImageProbe::probe(&device);
    if (!probed.ok())
        return {};
    device.seek(0);
    QImageReader reader(&device);
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (image.isNull())
        return {};
    image = image.scaled(side, side, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    const QRect square((image.width() - side) / 2, (image.height() - side) / 2, side, side);
    return image.copy(square).convertToFormat(QImage::Format_ARGB32_Premultiplied);
}
} // namespace

MediaAvatarSource::MediaAvatarSource(MediaSession *media, QObject *parent)
    : AvatarSource(parent), m_media(media)
{
}

QImage MediaAvatarSource::avatar(const QString &mxcUri)
{
    if (mxcUri.isEmpty() || m_failed.contains(mxcUri) || m_pending.contains(mxcUri))
        return {};
    const auto known = m_ready.constFind(mxcUri);
    if (known != m_ready.cend()) {
        if (m_readyOrder.constLast() != mxcUri) {
            m_readyOrder.removeOne(mxcUri);
            m_readyOrder.append(mxcUri);
        }
        return *known;
    }
    if (!m_media || !MxcUri::parse(mxcUri).isValid()) {
        // Never fetched: the initials stay.
        m_failed.insert(mxcUri);
        return {};
    }
    m_pending.insert(mxcUri);
    ++m_fetches;
    MediaRequest wanted;
    wanted.mxcUri = mxcUri;
    wanted.thumbnailSize = QSize(kPixels, kPixels);
    wanted.thumbnailMethod = MediaApi::ThumbnailMethod::Crop;
    wanted.maxSize = kMaxBytes;
    MediaFetch *fetch = m_media->downloader()->fetch(wanted);
    connect(fetch, &MediaFetch::finished, this, [this, mxcUri](const FetchedMedia &result) {
        if (!result.ok() || !m_media)
            fail(mxcUri);
        else
            decode(mxcUri, result.entry.file);
    });
    return {};
}

void MediaAvatarSource::decode(const QString &mxcUri, const StagedFile &file)
{
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, mxcUri] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        if (image.isNull())
            fail(mxcUri);
        else
            ready(mxcUri, image);
    });
    watcher->setFuture(QtConcurrent::run(decodeAvatar, m_media->mediaPath(), file, int(kPixels)));
}

void MediaAvatarSource::fail(const QString &mxcUri)
{
    m_pending.remove(mxcUri);
    if (m_failed.size() >= kMaxFailed)
        m_failed.clear();
    m_failed.insert(mxcUri);
}

void MediaAvatarSource::ready(const QString &mxcUri, const QImage &image)
{
    m_pending.remove(mxcUri);
    m_ready.insert(mxcUri, image);
    m_readyOrder.removeOne(mxcUri);
    m_readyOrder.append(mxcUri);
    while (m_readyOrder.size() > kMaxAvatars)
        m_ready.remove(m_readyOrder.takeFirst()); // fetched again (from the disk cache) when painted again
    emit avatarReady(mxcUri);
}

} // namespace estafette
