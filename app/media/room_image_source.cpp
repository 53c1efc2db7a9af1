#include "media/room_image_source.h"

#include "media/ctr_decrypting_device.h"
#include "media/media_downloader.h"
#include "media/media_error_text.h"
#include "media/media_fetch.h"
#include "media/media_request.h"
#include "rooms/room.h"
#include "rooms/timeline.h"
#include "session/media_session.h"

#include <QFutureWatcher>
#include <QImageReader>
#include <QtConcurrent>

namespace estafette {

RoomImageSource::RoomImageSource(MediaSession *media, Room *room, QObject *parent)
    : ImageViewerSource(parent), m_media(media)
{
    if (!room)
        return;
    const Timeline *timeline = room->timeline();
    for (int row = 0; row < timeline->size(); ++row) {
        const TimelineItem &item = timeline->at(row);
        if (item.type != TimelineItem::Type::Event)
            continue;
        const MediaContent media = MediaContent::fromEvent(item.event);
        if (media.isValid() && media.type() == MediaContent::Type::Image)
            m_images.append(Image{item.event.eventId(), media, {}});
    }
}

int RoomImageSource::indexOf(const QString &eventId) const
{
    for (int i = 0; i < m_images.size(); ++i) {
        if (m_images.at(i).eventId == eventId)
            return i;
    }
    return -1;
}

QString RoomImageSource::name(int index) const
{
    return index >= 0 && index < m_images.size() ? m_images.at(index).media.safeFileName() : QString();
}

void RoomImageSource::requestImage(int index)
{
    if (index < 0 || index >= m_images.size() || !m_media)
        return;
    MediaRequest request;
    request.mxcUri = m_images.at(index).media.source().url;
    request.encrypted = m_images.at(index).media.source().file;
    MediaFetch *fetch = m_media->downloader()->fetch(request);
    connect(fetch, &MediaFetch::finished, this, [this, index](const FetchedMedia &result) {
        if (!result.ok() || !m_media) {
            emit imageFailed(index, mediaErrorText(result.error));
            return;
        }
        m_images[index].file = result.entry.file;
        const QString mediaPath = m_media->mediaPath();
        const StagedFile file = result.entry.file;
        auto *watcher = new QFutureWatcher<QImage>(this);
        connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, index] {
            watcher->deleteLater();
            const QImage image = watcher->result();
            if (image.isNull())
                emit imageFailed(index, tr("The picture is damaged and cannot be shown."));
            else
                emit imageReady(index, image);
        });
        watcher->setFuture(QtConcurrent::run([mediaPath, file] {
            CtrDecryptingDevice device(mediaPath, file);
            if (!device.open(QIODevice::ReadOnly))
                return QImage();
            QImageReader reader(&device);
            reader.setAutoTransform(true);
            const QSize size = reader.size();
            if (!size.isValid() || size.width() > MediaContent::kMaxSide || size.height() > MediaContent::kMaxSide
                || qint64(size.width()) * size.height() > MediaContent::kMaxPixels)
                return QImage();
            return reader.read();
        }));
    });
}

std::unique_ptr<QIODevice> RoomImageSource::openOriginal(int index, QString *error)
{
    if (index < 0 || index >= m_images.size() || !m_media || !m_images.at(index).file.isValid()) {
        if (error)
            *error = tr("The picture is not downloaded yet.");
        return {};
    }
    auto device = std::make_unique<CtrDecryptingDevice>(m_media->mediaPath(), m_images.at(index).file);
    if (!device->verifyCiphertext().ok() || !device->open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("The picture on this computer is damaged: it was not saved.");
        return {};
    }
    return device;
}

} // namespace estafette
