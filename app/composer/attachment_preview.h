#pragma once

#include "media/attachment_source.h"

#include <QCoreApplication>
#include <QFuture>
#include <QImage>
#include <QSize>
#include <QString>

namespace estafette {

// What the tray shows of one attachment, worked out on a worker thread (the file is read there: its type from
// its content, and for an image a thumbnail decoded at a reduced size).
struct AttachmentPreview {
    QString mimeType;     // from the content (and the name)
    qint64 size = -1;     // bytes
    bool isImage = false; // an image Qt decodes: sent as m.image unless "send as file"
    QImage thumbnail;     // oriented, at most the box asked for; null for other files
    QString problem;      // a sentence when the file can't be read (it will fail to stage too)
    QByteArray png;       // for image data: the PNG that will be sent
};

class AttachmentPreviewer {
    Q_DECLARE_TR_FUNCTIONS(AttachmentPreviewer)
public:
    // `box` in device pixels.
    static QFuture<AttachmentPreview> forFile(const QString &path, const QSize &box);
    static QFuture<AttachmentPreview> forPng(const QByteArray &png, const QSize &box);
    static QFuture<AttachmentPreview> forImage(const QImage &image, const QSize &box); // encodes the PNG too

    // The work itself, synchronous (what the futures run).
    static AttachmentPreview previewFile(const QString &path, const QSize &box);
    static AttachmentPreview previewPng(const QByteArray &png, const QSize &box);
    static AttachmentPreview previewImage(const QImage &image, const QSize &box);
    // Biggest side or pixel count the tray decodes a thumbnail for; beyond, an icon (never a huge decode).
    static constexpr int kMaxSide = 20000;
    static constexpr qint64 kMaxPixels = 100'000'000;
};

} // namespace estafette
