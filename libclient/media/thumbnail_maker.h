#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QImage>
#include <QSize>
#include <QString>

namespace estafette {

// Makes the thumbnail sent with an image or a video: at most 800x600 keeping the aspect ratio, never larger than
// the original, oriented as displayed; JPEG quality 80, or PNG when the picture has transparency. The output carries
// no metadata at all (no Exif, no text chunks). Decodes: call it off the GUI thread.
class ThumbnailMaker {
public:
    static constexpr QSize MaxSize{800, 600};
    static constexpr int JpegQuality = 80;
    // Decoding allocates at most this much (100 Mpx in ARGB32 is 400 MB; anything the probe accepts fits).
    static constexpr int AllocationLimitMB = 512;

    struct Thumbnail {
        QByteArray data;       // the encoded thumbnail
        QString mimeType;      // "image/jpeg" or "image/png"
        QSize size;
        QString error;         // empty on success; for logs
        bool ok() const { return error.isEmpty() && !data.isEmpty(); }
    };

    // The size that fits in box keeping the aspect ratio, never upscaled, never a side of 0.
    static QSize fittedSize(QSize original, QSize box = MaxSize);

    // From an encoded image (open, seekable device; its position is restored): decodes only as much as needed
    // (JPEGs are decoded already scaled down), applies the orientation.
    static Thumbnail fromDevice(QIODevice *device, QSize box = MaxSize);
    // From a decoded picture (a video's poster frame).
    static Thumbnail fromImage(const QImage &image, QSize box = MaxSize);

private:
    static Thumbnail encode(const QImage &image);
};

} // namespace estafette
