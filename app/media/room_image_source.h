#pragma once

#include "events/media_content.h"
#include "media/image_viewer_source.h"
#include "media/outgoing_attachment.h"

#include <QList>
#include <QPointer>

namespace estafette {

class MediaSession;
class Room;

// The photos of one room for the image viewer, oldest first, as its timeline holds them when the viewer opens:
// each downloaded (checked) through the media cache and decoded in the thread pool from a decrypting device;
// "Save as" reads a decrypting device over the cache file, after its SHA-256 was checked again.
class RoomImageSource : public ImageViewerSource {
    Q_OBJECT
public:
    RoomImageSource(MediaSession *media, Room *room, QObject *parent = nullptr);

    // Index of the image of `eventId`, or -1.
    int indexOf(const QString &eventId) const;

    int count() const override { return int(m_images.size()); }
    QString name(int index) const override;
    void requestImage(int index) override;
    std::unique_ptr<QIODevice> openOriginal(int index, QString *error) override;

private:
    struct Image {
        QString eventId;
        MediaContent media;
        StagedFile file;
    };
    QPointer<MediaSession> m_media;
    QList<Image> m_images;
};

} // namespace estafette
